import { expect, test, type APIRequestContext, type APIResponse, type BrowserContext } from "./test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import type { AnnotationDto, AnnotationPage } from "@/lib/annotations/types";
import type { ErrorBody } from "@/server/http/respond";
import { annotate, createGroup, createPerson } from "./factories";
import { ARTICLE, type TestUser } from "./fixtures";

/**
 * Issue 4: the study-group authorization matrix, through the JSON API. Seven roles around one
 * group G (and a second group H whose people are strangers to G) against every action on an
 * annotation in G's group scope, plus the instructors-only scope for read, list and reply. The
 * expected outcome of every cell is written down once, in the tables below, from the rules of
 * server/authz/annotations.ts and server/authz/groups.ts; one named test per cell.
 */

const SLUG = ARTICLE.slug;
const ANNOTATIONS_URL = `/api/documents/${SLUG}/annotations`;
const MISSING_ID = "doesnotexist";
const annotationUrl = (id: string) => `/api/annotations/${id}`;
const studentsCsvUrl = (groupId: string) => `/api/groups/${groupId}/export/students.csv?document=${SLUG}`;
const annotationsCsvUrl = (groupId: string) => `/api/groups/${groupId}/export/annotations.csv?document=${SLUG}`;
const reviewPageUrl = (groupId: string) => `/groups/${groupId}/review?document=${SLUG}`;

// ---------------------------------------------------------------------------------------------
// The table.

const ROLES = ["author", "member of G", "member of H", "instructor of G", "instructor of H", "owner of G", "anonymous"] as const;
type Role = (typeof ROLES)[number];

/**
 * "2xx": allowed (200, or 201 for what creates something). "401": nobody is signed in. "404": the
 * caller may not even see the annotation or group — the very same answer as for a missing id.
 * "403": the caller sees it but lacks the role. For "list", "2xx" means included and "404" omitted.
 */
type Outcome = "2xx" | "401" | "403" | "404";

const GROUP_ACTIONS = [
  "read",
  "list",
  "create",
  "update",
  "delete",
  "reply",
  "move",
  "flag",
  "hide",
  "score",
  "view dashboard",
  "export CSV",
  "manage invites",
] as const;
type GroupAction = (typeof GROUP_ACTIONS)[number];
const INSTRUCTORS_ACTIONS = ["read", "list", "reply"] as const;
type InstructorsAction = (typeof INSTRUCTORS_ACTIONS)[number];

/**
 * Columns, in order: author (a member of G who wrote it) · member of G · member of H ·
 * instructor of G · instructor of H · owner of G · anonymous.
 */
type Row = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

/** An annotation with visibility { group: G }. */
const GROUP_SCOPE: Record<GroupAction, Row> = {
  //                 author  member G  member H  instr G  instr H  owner G  anonymous
  read: ["2xx", "2xx", "404", "2xx", "404", "2xx", "401"],
  list: ["2xx", "2xx", "404", "2xx", "404", "2xx", "401"],
  create: ["2xx", "2xx", "404", "2xx", "404", "2xx", "401"], // posting into G needs membership, any role
  update: ["2xx", "403", "404", "403", "404", "403", "401"], // only the author
  delete: ["2xx", "403", "404", "403", "404", "403", "401"], // only the author
  reply: ["2xx", "2xx", "404", "2xx", "404", "2xx", "401"], // whoever reads the thread
  move: ["2xx", "403", "404", "403", "404", "403", "401"], // only the author changes the scope
  flag: ["403", "2xx", "404", "2xx", "404", "2xx", "401"], // members of G (any role), never their own
  hide: ["403", "403", "404", "2xx", "404", "2xx", "401"], // G's staff ("moderate")
  score: ["403", "403", "404", "2xx", "404", "2xx", "401"], // G's staff ("moderate")
  "view dashboard": ["403", "403", "404", "2xx", "404", "2xx", "401"], // G's owner and instructors review
  "export CSV": ["403", "403", "404", "2xx", "404", "2xx", "401"], // G's owner and instructors review
  "manage invites": ["403", "403", "404", "2xx", "404", "2xx", "401"], // G's owner and instructors invite members
};

/** An annotation with visibility { instructors: G }: the author and G's staff only. */
const INSTRUCTORS_SCOPE: Record<InstructorsAction, Row> = {
  //                 author  member G  member H  instr G  instr H  owner G  anonymous
  read: ["2xx", "404", "404", "2xx", "404", "2xx", "401"],
  list: ["2xx", "404", "404", "2xx", "404", "2xx", "401"],
  reply: ["2xx", "404", "404", "2xx", "404", "2xx", "401"],
};

/** The 403 messages the rules give, per action (move is refused by the author-only edit check first). */
const FORBIDDEN_MESSAGES: Partial<Record<GroupAction, string | RegExp>> = {
  update: "Only its author can change this annotation.",
  delete: "Only its author can delete this annotation.",
  move: /^Only (its|the thread's) author can change (this annotation|who sees it)\.$/,
  flag: "Only members of this annotation's group can flag it, and not their own.",
  hide: "Only this group's instructors can do this.",
  score: "Only this group's instructors can do this.",
  "view dashboard": "Only the group's owner and instructors can review its work.",
  "export CSV": "Only the group's owner and instructors can review its work.",
  "manage invites": "Only the owner and instructors can invite people.",
};

const outcomeOf = (row: Row, role: Role): Outcome => row[ROLES.indexOf(role)];

function describeOutcome(outcome: Outcome, action: string): string {
  if (action === "list") return outcome === "2xx" ? "included" : outcome === "404" ? "omitted" : outcome;
  if (outcome === "2xx") return "allowed";
  return outcome === "404" ? "404 like a missing id" : outcome;
}

// ---------------------------------------------------------------------------------------------
// The people, made once per worker.

type Person = { user: TestUser; id: string; context: BrowserContext; request: APIRequestContext };
type Group = { id: string; name: string; joinCode: string };
type World = {
  people: Record<Exclude<Role, "anonymous">, Person> & { "owner of H": Person };
  anonymous: APIRequestContext;
  G: Group;
  H: Group;
};

type ApiError = ErrorBody["error"];

async function expectStatus(response: APIResponse, status: number) {
  expect(response.status(), `${response.url()} → ${await response.text()}`).toBe(status);
}

async function expectError(response: APIResponse, status: number, code: string, message?: string | RegExp): Promise<ApiError> {
  await expectStatus(response, status);
  const { error } = (await response.json()) as ErrorBody;
  expect(error).toMatchObject({ code, status });
  expect(error.message.length).toBeGreaterThan(5);
  if (typeof message === "string") expect(error.message).toBe(message);
  else if (message) expect(error.message).toMatch(message);
  return error;
}

async function myRole(person: Person, group: Group): Promise<string> {
  const response = await person.request.get(`/api/groups/${group.id}`);
  await expectStatus(response, 200);
  return ((await response.json()) as { role: string }).role;
}

// ---------------------------------------------------------------------------------------------
// Annotations.

const PHRASE = "calculated tolerance";
type Scope = { group: string } | { instructors: string };
type Thread = AnnotationDto & { replies: AnnotationDto[] };

function targetFor(phrase: string) {
  const start = ARTICLE.text.indexOf(phrase);
  if (start < 0) throw new Error(`"${phrase}" is not in the article.`);
  const { quote, position } = describeTextRange(ARTICLE.text, start, start + phrase.length);
  return { selector: [quote, position] };
}

const uniqueToken = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

function postAnnotation(request: APIRequestContext, visibility: Scope | "private", body: string) {
  return request.post(ANNOTATIONS_URL, { data: { target: targetFor(PHRASE), body, visibility } });
}

function createAs(person: Person, visibility: Scope, label: string): Promise<AnnotationDto> {
  return annotate<AnnotationDto>(person, visibility, { at: PHRASE, body: `Matrix ${label} ${uniqueToken()}` });
}

async function readAs(request: APIRequestContext, id: string): Promise<Thread> {
  const response = await request.get(annotationUrl(id));
  await expectStatus(response, 200);
  return (await response.json()) as Thread;
}

async function listAll(request: APIRequestContext, query: Record<string, string> = {}): Promise<AnnotationDto[]> {
  const items: AnnotationDto[] = [];
  let cursor: string | null = null;
  do {
    const response = await request.get(ANNOTATIONS_URL, { params: { limit: "500", ...query, ...(cursor ? { cursor } : {}) } });
    await expectStatus(response, 200);
    const page = (await response.json()) as AnnotationPage;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Server-rendered HTML without React's text separators (`Review: <!-- -->Name`). */
const visibleHtml = (html: string) => html.replaceAll("<!-- -->", "");

/** The line of a CSV (no multi-line fields in ours) that mentions `text`. */
function csvLineWith(csv: string, text: string): string | undefined {
  return csv.split("\r\n").find((line) => line.includes(text));
}

async function annotationsCsvAs(request: APIRequestContext, group: Group): Promise<string> {
  const response = await request.get(annotationsCsvUrl(group.id));
  await expectStatus(response, 200);
  expect(response.headers()["content-type"]).toMatch(/^text\/csv/);
  return response.text();
}

async function openFlagsOn(owner: Person, group: Group, annotationId: string) {
  const response = await owner.request.get(`/api/groups/${group.id}/flags`);
  await expectStatus(response, 200);
  const { items } = (await response.json()) as { items: { reason: string; flaggedBy: { id: string }; annotation: { id: string } }[] };
  return items.filter((flag) => flag.annotation.id === annotationId);
}

async function invitesOf(owner: Person, group: Group): Promise<{ id: string }[]> {
  const response = await owner.request.get(`/api/groups/${group.id}/invites`);
  await expectStatus(response, 200);
  return ((await response.json()) as { items: { id: string }[] }).items;
}

// ---------------------------------------------------------------------------------------------
// One cell.

type Cell = {
  world: World;
  role: Role;
  caller: Person | null;
  request: APIRequestContext;
  outcome: Outcome;
  author: Person;
  owner: Person;
  G: Group;
};

/**
 * A refusal: 401 for nobody; 403 FORBIDDEN with the rule's message; for what the caller may not
 * see, the very answer the same request gets for a missing id (status, code and message).
 */
async function expectRefused(
  response: APIResponse,
  outcome: Exclude<Outcome, "2xx">,
  sameOnMissing: () => Promise<APIResponse>,
  forbiddenMessage?: string | RegExp,
) {
  if (outcome === "401") {
    await expectError(response, 401, "UNAUTHENTICATED");
  } else if (outcome === "403") {
    await expectError(response, 403, "FORBIDDEN", forbiddenMessage);
  } else {
    const missing = await expectError(await sameOnMissing(), 404, "NOT_FOUND");
    expect(await expectError(response, 404, "NOT_FOUND")).toEqual(missing);
  }
}

function signedIn(caller: Person | null): Person {
  if (!caller) throw new Error("Only a signed-in caller can be allowed anything.");
  return caller;
}

const refused = (outcome: Outcome): outcome is Exclude<Outcome, "2xx"> => outcome !== "2xx";

/**
 * An annotation as a given reader gets it: the same DTO, but `permissions` are that reader's own
 * (server/authz) — and only its author may edit, delete, resolve or move it.
 */
function asReadBy(annotation: AnnotationDto, isAuthor: boolean): Omit<AnnotationDto, "permissions"> & { permissions: unknown } {
  if (isAuthor) return annotation;
  return { ...annotation, permissions: expect.objectContaining({ edit: false, delete: false, resolve: false, move: false }) };
}

function readCell(scope: (G: Group) => Scope) {
  return async ({ author, caller, request, outcome, G }: Cell) => {
    const annotation = await createAs(author, scope(G), "read");
    const response = await request.get(annotationUrl(annotation.id));
    if (refused(outcome)) return expectRefused(response, outcome, () => request.get(annotationUrl(MISSING_ID)));
    await expectStatus(response, 200);
    expect(await response.json()).toEqual({ ...asReadBy(annotation, caller?.id === author.id), replies: [] });
  };
}

function listCell(scope: (G: Group) => Scope) {
  return async ({ author, request, outcome, G }: Cell) => {
    const annotation = await createAs(author, scope(G), "list");
    if (outcome === "401") return void (await expectError(await request.get(ANNOTATIONS_URL), 401, "UNAUTHENTICATED"));
    const listed = (await listAll(request)).map((item) => item.id);
    if (outcome === "2xx") expect(listed).toContain(annotation.id);
    else expect(listed).not.toContain(annotation.id);
  };
}

function replyCell(scope: (G: Group) => Scope) {
  return async ({ author, caller, request, outcome, G }: Cell) => {
    const annotation = await createAs(author, scope(G), "reply");
    const before = await readAs(author.request, annotation.id);
    const body = `A reply ${uniqueToken()}`;
    const response = await request.post(`/api/annotations/${annotation.id}/replies`, { data: { body } });
    if (refused(outcome)) {
      await expectRefused(response, outcome, () => request.post(`/api/annotations/${MISSING_ID}/replies`, { data: { body } }));
      expect(await readAs(author.request, annotation.id)).toEqual(before);
      return;
    }
    await expectStatus(response, 201);
    const reply = (await response.json()) as AnnotationDto;
    expect(reply).toMatchObject({ parentId: annotation.id, author: { id: signedIn(caller).id }, body, groupId: G.id });
    const after = await readAs(author.request, annotation.id);
    expect(after.replyCount).toBe(1);
    expect(after.replies.map((item) => item.id)).toEqual([reply.id]);
  };
}

const inGroup = (G: Group): Scope => ({ group: G.id });
const toInstructors = (G: Group): Scope => ({ instructors: G.id });

const GROUP_CELLS: Record<GroupAction, (cell: Cell) => Promise<void>> = {
  read: readCell(inGroup),
  list: listCell(inGroup),

  async create({ caller, request, outcome, owner, G }) {
    const body = `Matrix create ${uniqueToken()}`;
    const response = await postAnnotation(request, { group: G.id }, body);
    if (refused(outcome)) {
      await expectRefused(response, outcome, () => postAnnotation(request, { group: MISSING_ID }, body));
      // Nothing was stored: G's owner sees everything in G, and nobody's annotation carries that body.
      expect(await listAll(owner.request, { q: body })).toEqual([]);
      if (caller) expect(await listAll(caller.request, { q: body })).toEqual([]);
      return;
    }
    await expectStatus(response, 201);
    const created = (await response.json()) as AnnotationDto;
    expect(created).toMatchObject({ author: { id: signedIn(caller).id }, body, visibility: "group", groupId: G.id, groupName: G.name });
    expect((await readAs(owner.request, created.id)).body).toBe(body);
  },

  async update({ author, request, outcome, G }) {
    const annotation = await createAs(author, inGroup(G), "update");
    const before = await readAs(author.request, annotation.id);
    const change = { body: `Changed by the caller ${uniqueToken()}` };
    const response = await request.patch(annotationUrl(annotation.id), { data: change });
    if (refused(outcome)) {
      await expectRefused(response, outcome, () => request.patch(annotationUrl(MISSING_ID), { data: change }), FORBIDDEN_MESSAGES.update);
      expect(await readAs(author.request, annotation.id)).toEqual(before);
      return;
    }
    await expectStatus(response, 200);
    expect(await response.json()).toMatchObject({ id: annotation.id, ...change });
    expect(await readAs(author.request, annotation.id)).toMatchObject({ id: annotation.id, ...change });
  },

  async delete({ author, request, outcome, G }) {
    const annotation = await createAs(author, inGroup(G), "delete");
    const before = await readAs(author.request, annotation.id);
    const response = await request.delete(annotationUrl(annotation.id));
    if (refused(outcome)) {
      await expectRefused(response, outcome, () => request.delete(annotationUrl(MISSING_ID)), FORBIDDEN_MESSAGES.delete);
      expect(await readAs(author.request, annotation.id)).toEqual(before);
      return;
    }
    await expectStatus(response, 200);
    expect(await response.json()).toEqual({ id: annotation.id, isKeptForReplies: false });
    await expectError(await author.request.get(annotationUrl(annotation.id)), 404, "NOT_FOUND");
  },

  reply: replyCell(inGroup),

  async move({ world, author, request, outcome, G }) {
    const annotation = await createAs(author, inGroup(G), "move");
    const before = await readAs(author.request, annotation.id);
    const change = { visibility: "private" };
    const response = await request.patch(annotationUrl(annotation.id), { data: change });
    if (refused(outcome)) {
      await expectRefused(response, outcome, () => request.patch(annotationUrl(MISSING_ID), { data: change }), FORBIDDEN_MESSAGES.move);
      expect(await readAs(author.request, annotation.id)).toEqual(before);
      return;
    }
    await expectStatus(response, 200);
    expect(await response.json()).toMatchObject({ id: annotation.id, visibility: "private", groupId: null });
    expect(await readAs(author.request, annotation.id)).toMatchObject({ visibility: "private", groupId: null });
    // Moved out of G: G's members no longer see it.
    await expectError(await world.people["member of G"].request.get(annotationUrl(annotation.id)), 404, "NOT_FOUND");
  },

  async flag({ author, caller, request, outcome, owner, G }) {
    const annotation = await createAs(author, inGroup(G), "flag");
    const before = await readAs(author.request, annotation.id);
    const reason = `Off topic ${uniqueToken()}`;
    const response = await request.post(`/api/annotations/${annotation.id}/flags`, { data: { reason } });
    if (refused(outcome)) {
      await expectRefused(
        response,
        outcome,
        () => request.post(`/api/annotations/${MISSING_ID}/flags`, { data: { reason } }),
        FORBIDDEN_MESSAGES.flag,
      );
      expect(await readAs(author.request, annotation.id)).toEqual(before);
      expect(await openFlagsOn(owner, G, annotation.id)).toEqual([]);
      return;
    }
    await expectStatus(response, 201);
    expect(await response.json()).toMatchObject({ annotationId: annotation.id, reason });
    const flags = await openFlagsOn(owner, G, annotation.id);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ reason, flaggedBy: { id: signedIn(caller).id } });
  },

  async hide({ world, author, request, outcome, G }) {
    const annotation = await createAs(author, inGroup(G), "hide");
    const before = await readAs(author.request, annotation.id);
    const response = await request.post(`/api/annotations/${annotation.id}/hide`);
    if (refused(outcome)) {
      await expectRefused(response, outcome, () => request.post(`/api/annotations/${MISSING_ID}/hide`), FORBIDDEN_MESSAGES.hide);
      expect(await readAs(author.request, annotation.id)).toEqual(before);
      expect(before.isHidden).toBe(false);
      await readAs(world.people["member of G"].request, annotation.id);
      return;
    }
    await expectStatus(response, 200);
    expect(await response.json()).toMatchObject({ id: annotation.id, isHidden: true });
    expect(await readAs(author.request, annotation.id)).toMatchObject({ isHidden: true });
    await expectError(await world.people["member of G"].request.get(annotationUrl(annotation.id)), 404, "NOT_FOUND");
  },

  async score({ author, request, outcome, owner, G }) {
    const annotation = await createAs(author, inGroup(G), "score");
    const before = await readAs(author.request, annotation.id);
    const response = await request.put(`/api/annotations/${annotation.id}/score`, { data: { points: 2 } });
    const scoreCell = async () => {
      const line = csvLineWith(await annotationsCsvAs(owner.request, G), annotation.body);
      expect(line, "the thread's row in annotations.csv").toBeDefined();
      return line!;
    };
    if (refused(outcome)) {
      await expectRefused(
        response,
        outcome,
        () => request.put(`/api/annotations/${MISSING_ID}/score`, { data: { points: 2 } }),
        FORBIDDEN_MESSAGES.score,
      );
      expect(await readAs(author.request, annotation.id)).toEqual(before);
      expect(await scoreCell()).not.toContain("Proficient");
      return;
    }
    await expectStatus(response, 200);
    expect(await response.json()).toEqual({ annotationId: annotation.id, points: 2 });
    expect(await scoreCell()).toContain(",2 Proficient,");
  },

  async "view dashboard"({ world, author, request, outcome, G }) {
    // The page has no JSON of its own: students.csv is its per-student table as data.
    const data = await request.get(studentsCsvUrl(G.id));
    const page = await request.get(reviewPageUrl(G.id), { maxRedirects: 0 });
    if (refused(outcome)) {
      await expectRefused(data, outcome, () => request.get(studentsCsvUrl(MISSING_ID)), FORBIDDEN_MESSAGES["view dashboard"]);
      if (outcome === "401") {
        // A page cannot answer 401 usefully: it sends the visitor to sign in, and back.
        expect(page.status()).toBe(307);
        expect(page.headers().location).toContain(`/signin?callbackUrl=${encodeURIComponent(`/groups/${G.id}/review`)}`);
      } else if (outcome === "404") {
        const missing = await request.get(reviewPageUrl(MISSING_ID), { maxRedirects: 0 });
        expect(missing.status()).toBe(404);
        expect(page.status()).toBe(404);
      } else {
        // A member of G without the role: the rules' 403, with the "Not allowed" page (app/forbidden.tsx).
        expect(page.status(), "the review page's HTTP status for a member without the role").toBe(403);
      }
      const html = page.status() === 307 ? "" : visibleHtml(await page.text());
      expect(html).not.toContain(author.user.email);
      expect(html).not.toContain(`Review: ${G.name}`);
      // The 403 page renders from the flight data; its words are there, the students' data is not.
      if (outcome === "403") expect(await page.text()).toContain("this page is for a group's owner and instructors");
      return;
    }
    await expectStatus(data, 200);
    const authorLine = csvLineWith(await data.text(), author.user.email);
    expect(authorLine).toBeDefined();
    expect(authorLine).toContain(author.user.name);
    expect(csvLineWith(await data.text(), world.people["member of G"].user.email)).toBeDefined();
    await expectStatus(page, 200);
    const html = visibleHtml(await page.text());
    expect(html).toContain(`Review: ${G.name}`);
    expect(html).toContain(author.user.name);
  },

  async "export CSV"({ author, request, outcome, G }) {
    const annotation = await createAs(author, inGroup(G), "export");
    const students = await request.get(studentsCsvUrl(G.id));
    const annotations = await request.get(annotationsCsvUrl(G.id));
    if (refused(outcome)) {
      await expectRefused(students, outcome, () => request.get(studentsCsvUrl(MISSING_ID)), FORBIDDEN_MESSAGES["export CSV"]);
      await expectRefused(annotations, outcome, () => request.get(annotationsCsvUrl(MISSING_ID)), FORBIDDEN_MESSAGES["export CSV"]);
      return;
    }
    for (const response of [students, annotations]) {
      await expectStatus(response, 200);
      expect(response.headers()["content-type"]).toMatch(/^text\/csv/);
    }
    const studentsCsv = await students.text();
    expect(studentsCsv.startsWith("\uFEFFname,email,")).toBe(true);
    expect(csvLineWith(studentsCsv, author.user.email)).toContain(author.user.name);
    const annotationsCsv = await annotations.text();
    expect(annotationsCsv.startsWith("\uFEFFthread,kind,author,email,created,scope,")).toBe(true);
    expect(csvLineWith(annotationsCsv, annotation.body)).toContain(author.user.name);
  },

  async "manage invites"({ request, outcome, owner, G }) {
    const before = await invitesOf(owner, G);
    const response = await request.post(`/api/groups/${G.id}/invites`, { data: {} });
    if (refused(outcome)) {
      await expectRefused(
        response,
        outcome,
        () => request.post(`/api/groups/${MISSING_ID}/invites`, { data: {} }),
        FORBIDDEN_MESSAGES["manage invites"],
      );
      expect(await invitesOf(owner, G)).toEqual(before);
      return;
    }
    await expectStatus(response, 201);
    const invite = (await response.json()) as { id: string; url: string; role: string; code: string };
    expect(invite).toMatchObject({ role: "member", code: G.joinCode });
    expect(invite.url).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
    expect((await invitesOf(owner, G)).map((item) => item.id)).toContain(invite.id);
  },
};

const INSTRUCTORS_CELLS: Record<InstructorsAction, (cell: Cell) => Promise<void>> = {
  read: readCell(toInstructors),
  list: listCell(toInstructors),
  reply: replyCell(toInstructors),
};

// ---------------------------------------------------------------------------------------------
// The matrix.

test.describe("study-group authorization matrix", () => {
  let world: World | undefined;
  const contexts: BrowserContext[] = [];

  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(120_000);
    const labels = ["author", "member of G", "member of H", "instructor of G", "instructor of H", "owner of G", "owner of H"] as const;
    const made = await Promise.all(
      labels.map(async (label) => {
        const person = await createPerson(browser, label.replace(/ /g, "-").toLowerCase());
        contexts.push(person.context);
        await person.page.close();
        return [label, { user: person.user, id: person.id, context: person.context, request: person.context.request }] as const;
      }),
    );
    const people = Object.fromEntries(made) as World["people"];
    const anonymousContext = await browser.newContext();
    contexts.push(anonymousContext);

    const name = (label: string) => `Matrix ${label} ${Math.random().toString(36).slice(2, 8)}`;
    const [G, H] = await Promise.all([
      createGroup(people["owner of G"], {
        name: name("G"),
        members: { member: [people.author, people["member of G"]], instructor: [people["instructor of G"]] },
      }),
      createGroup(people["owner of H"], {
        name: name("H"),
        members: { member: [people["member of H"]], instructor: [people["instructor of H"]] },
      }),
    ]);
    // The roles are what the table says they are.
    expect(await myRole(people.author, G)).toBe("member");
    expect(await myRole(people["member of G"], G)).toBe("member");
    expect(await myRole(people["member of H"], H)).toBe("member");
    expect(await myRole(people["instructor of G"], G)).toBe("instructor");
    expect(await myRole(people["instructor of H"], H)).toBe("instructor");
    expect(await myRole(people["owner of G"], G)).toBe("owner");
    world = { people, anonymous: anonymousContext.request, G, H };
  });

  test.afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
  });

  function cellFor(role: Role, outcome: Outcome): Cell {
    if (!world) throw new Error("beforeAll did not finish.");
    const caller = role === "anonymous" ? null : world.people[role];
    return {
      world,
      role,
      caller,
      request: caller ? caller.request : world.anonymous,
      outcome,
      author: world.people.author,
      owner: world.people["owner of G"],
      G: world.G,
    };
  }

  for (const action of GROUP_ACTIONS) {
    for (const role of ROLES) {
      const outcome = outcomeOf(GROUP_SCOPE[action], role);
      test(`{group: G} · ${role} · ${action} → ${describeOutcome(outcome, action)}`, async () => {
        await GROUP_CELLS[action](cellFor(role, outcome));
      });
    }
  }

  for (const action of INSTRUCTORS_ACTIONS) {
    for (const role of ROLES) {
      const outcome = outcomeOf(INSTRUCTORS_SCOPE[action], role);
      test(`{instructors: G} · ${role} · ${action} → ${describeOutcome(outcome, action)}`, async () => {
        await INSTRUCTORS_CELLS[action](cellFor(role, outcome));
      });
    }
  }
});

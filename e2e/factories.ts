// The shared factories of the Playwright suite: people, groups, memberships, invites, annotations,
// replies, helpful marks, scores and hides, made the way a reader's browser makes them (the sign-up
// form, then the JSON API with that browser's session cookie). Each test makes its own, so tests
// stay independent. Same shapes as the vitest factories in tests/factories/.
import {
  expect,
  type APIRequestContext,
  type APIResponse,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "@playwright/test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import type { HighlightColor } from "@/lib/annotations/colors";
import type { GroupRole } from "@/lib/groups/schemas";
import { ARTICLE, newUser, signUpWithoutScript, type TestUser } from "./fixtures";

/** A signed-up person with a browser context of their own; `context.request` carries their session. */
export type Person = { user: TestUser; id: string; context: BrowserContext; page: Page };

/** Anyone who can call the API: a Person, a browser context, or anything with a request context. */
type Caller = { request: APIRequestContext } | { context: BrowserContext };

const api = (caller: Caller): APIRequestContext => ("request" in caller ? caller.request : caller.context.request);

async function expectStatus(response: APIResponse, status: number | "ok") {
  if (status === "ok") expect(response.ok(), `${response.url()} → ${response.status()} ${await response.text()}`).toBe(true);
  else expect(response.status(), `${response.url()} → ${await response.text()}`).toBe(status);
}

/**
 * A newly signed-up person with a browser context of their own, made with `options` (theme,
 * viewport, base URL…), and a blank page in it: the account is made by posting the sign-up form as
 * a browser does before its script runs, so each test opens the page it is about itself.
 */
export async function createPerson(browser: Browser, label = "reader", options: BrowserContextOptions = {}): Promise<Person> {
  const context = await browser.newContext(options);
  const user = newUser(label);
  await signUpWithoutScript(context.request, user);
  const page = await context.newPage();
  const session = (await (await context.request.get("/api/auth/session")).json()) as { user: { id: string } };
  return { user, id: session.user.id, context, page };
}

// ---------------------------------------------------------------------------------------------
// Groups.

export type TestGroup = { id: string; name: string; joinCode: string };

/** Who joins a group, by role (the creator is its owner). */
export type Members = Partial<Record<Exclude<GroupRole, "owner">, readonly Caller[]>>;

/**
 * A group made by `owner` through the API; members join by code, instructors by an instructor
 * invite. `hideUntilPostCount` switches on "hide until you post" in the group's settings.
 */
export async function createGroup(
  owner: Caller,
  fields: { name?: string; hideUntilPostCount?: number; members?: Members } = {},
): Promise<TestGroup> {
  const name = fields.name ?? `Group ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const response = await api(owner).post("/api/groups", { data: { name } });
  await expectStatus(response, 201);
  const group = (await response.json()) as { id: string; joinCode: string };
  const created = { id: group.id, name, joinCode: group.joinCode };
  if (fields.hideUntilPostCount !== undefined) {
    await expectStatus(await api(owner).patch(`/api/groups/${group.id}`, { data: { hideUntilPostCount: fields.hideUntilPostCount } }), 200);
  }
  for (const member of fields.members?.member ?? []) await joinGroup(member, created);
  for (const instructor of fields.members?.instructor ?? [])
    await acceptInvite(instructor, await createInvite(owner, created, { role: "instructor" }));
  return created;
}

/** Joins with the group's code. */
export async function joinGroup(person: Caller, group: { joinCode: string }): Promise<void> {
  await expectStatus(await api(person).post("/api/groups/join", { data: { code: group.joinCode } }), "ok");
}

/** An invitation link's token, made by staff of the group. */
export async function createInvite(
  staff: Caller,
  group: { id: string },
  fields: { role?: Exclude<GroupRole, "owner"> } = {},
): Promise<string> {
  const response = await api(staff).post(`/api/groups/${group.id}/invites`, { data: { role: fields.role ?? "member" } });
  await expectStatus(response, 201);
  return new URL(((await response.json()) as { url: string }).url).pathname.split("/").pop()!;
}

export async function acceptInvite(person: Caller, token: string): Promise<void> {
  await expectStatus(await api(person).post(`/api/invites/${token}`), 200);
}

// ---------------------------------------------------------------------------------------------
// Annotations.

/** Where an annotation sits in the seed article: the first occurrence of a phrase, or an explicit [start, end). */
export type Placement = string | readonly [number, number];

export type AnnotationFields = { at: Placement; body?: string; tags?: string[]; color?: HighlightColor; clientToken?: string };

/** The API's target for a placement, built the way the reading page builds it. */
export function targetOf(at: Placement) {
  const [start, end] = typeof at === "string" ? [ARTICLE.text.indexOf(at), ARTICLE.text.indexOf(at) + at.length] : at;
  if (start < 0) throw new Error(`"${at}" is not in the article.`);
  const { quote, position } = describeTextRange(ARTICLE.text, start, end);
  return { selector: [quote, position] };
}

/**
 * `author` annotates the seed article through the API and gets the stored annotation back.
 * `fields` is a phrase alone, or the placement with a body, tags, colour. Fields left out are left
 * to the server's defaults.
 */
export async function annotate<T = { id: string }>(author: Caller, visibility: unknown, fields: string | AnnotationFields): Promise<T> {
  const { at, ...rest } = typeof fields === "string" ? { at: fields } : fields;
  const response = await api(author).post(`/api/documents/${ARTICLE.slug}/annotations`, {
    data: { target: targetOf(at), visibility, ...rest },
  });
  await expectStatus(response, 201);
  return (await response.json()) as T;
}

export async function reply<T = { id: string }>(author: Caller, parentId: string, body: string): Promise<T> {
  const response = await api(author).post(`/api/annotations/${parentId}/replies`, { data: { body } });
  await expectStatus(response, 201);
  return (await response.json()) as T;
}

export async function markHelpful(reader: Caller, annotationId: string): Promise<void> {
  await expectStatus(await api(reader).put(`/api/annotations/${annotationId}/helpful`), "ok");
}

export async function setScore(staff: Caller, annotationId: string, points: number | null): Promise<void> {
  await expectStatus(await api(staff).put(`/api/annotations/${annotationId}/score`, { data: { points } }), "ok");
}

export async function hideAnnotation(staff: Caller, annotationId: string): Promise<void> {
  await expectStatus(await api(staff).post(`/api/annotations/${annotationId}/hide`), 200);
}

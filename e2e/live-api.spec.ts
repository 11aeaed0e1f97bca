import { expect, test, type BrowserContext } from "./test";
import { liveEventsPath } from "@/lib/live/protocol";
import { annotate, createGroup, createPerson } from "./factories";
import { ARTICLE } from "./fixtures";

/**
 * The live stream's HTTP contract, against the running app: errors before the stream, SSE frames
 * with ids, replay from Last-Event-ID, and per-reader authorization. Playwright's request API
 * waits for a body to end, and a stream never ends: streams are read with Node's fetch and the
 * browser context's session cookie.
 */
type SseEvent = { id: string | null; event: string; data: string };

function parseSse(text: string): SseEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "" && !block.startsWith(":") && !block.startsWith("retry:"))
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.split("\n")) {
        const colon = line.indexOf(":");
        if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
      }
      return { id: fields.get("id") ?? null, event: fields.get("event") ?? "message", data: fields.get("data") ?? "" };
    });
}

async function openStream(baseURL: string, context: BrowserContext, options: { since?: number; lastEventId?: string } = {}) {
  const cookie = (await context.cookies(baseURL)).map(({ name, value }) => `${name}=${value}`).join("; ");
  const controller = new AbortController();
  const query = options.since === undefined ? "" : `?since=${options.since}`;
  const response = await fetch(`${baseURL}${liveEventsPath(ARTICLE.slug)}${query}`, {
    headers: { cookie, accept: "text/event-stream", ...(options.lastEventId && { "last-event-id": options.lastEventId }) },
    signal: controller.signal,
  });
  let text = "";
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    response,
    text: () => text,
    events: () => parseSse(text),
    /** The `annotation` events about this annotation. */
    about: (id: string) => parseSse(text).filter((event) => event.event === "annotation" && event.data.includes(`"id":"${id}"`)),
    /** The subscription is in place once the first presence message arrived. */
    ready: () => expect.poll(() => parseSse(text).some((event) => event.event === "presence")).toBe(true),
    close: () => controller.abort(),
  };
}

test("refuses anonymous readers (401), unknown documents (404) and bad cursors (400), as JSON errors", async ({ browser, request }) => {
  const anonymous = await request.get(liveEventsPath(ARTICLE.slug));
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ error: { code: "UNAUTHENTICATED", status: 401 } });

  const { context } = await createPerson(browser, "live-errors");
  const missing = await context.request.get(liveEventsPath("no-such-document"));
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toMatchObject({ error: { code: "NOT_FOUND", status: 404 } });
  for (const since of ["-1", "abc", "2.5"]) {
    const bad = await context.request.get(`${liveEventsPath(ARTICLE.slug)}?since=${since}`);
    expect(bad.status(), since).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
  }
  await context.close();
});

test("HEAD on the stream opens none: a dozen leave the reader's places free, and the stream still opens", async ({ browser, baseURL }) => {
  const { context } = await createPerson(browser, "live-head");
  for (let count = 0; count < 12; count++) {
    const head = await context.request.head(liveEventsPath(ARTICLE.slug));
    expect(head.status(), `HEAD ${count + 1}`).toBe(200);
  }
  const stream = await openStream(baseURL!, context);
  expect(stream.response.status).toBe(200);
  await stream.ready();
  stream.close();
  await context.close();
});

test("a created annotation arrives as an `annotation` event with an id; reconnecting with Last-Event-ID replays it", async ({
  browser,
  baseURL,
}) => {
  const { context } = await createPerson(browser, "live-reader");
  const stream = await openStream(baseURL!, context);
  expect(stream.response.status).toBe(200);
  expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  expect(stream.response.headers.get("cache-control")).toBe("no-cache, no-transform");
  await stream.ready();
  expect(stream.text().startsWith("retry: ")).toBe(true);

  const before = await annotate(context, "private", { at: "Monitoring Team", body: "a live note, before" });
  await expect.poll(() => stream.about(before.id).length).toBe(1);
  const [first] = stream.about(before.id);
  expect(first.id).toMatch(/^\d+$/);
  expect(JSON.parse(first.data)).toMatchObject({
    kind: "created",
    annotation: { id: before.id, body: "a live note, before" },
    parent: null,
  });
  stream.close();

  // Offline for a while: a note is written meanwhile.
  const missed = await annotate(context, "private", { at: "Monitoring Team", body: "a live note, missed" });
  const again = await openStream(baseURL!, context, { lastEventId: first.id! });
  await expect.poll(() => again.about(missed.id).length).toBe(1);
  expect(again.about(before.id)).toEqual([]);
  expect(Number(again.about(missed.id)[0].id)).toBeGreaterThan(Number(first.id));
  again.close();
  await context.close();
});

test("a group note reaches the group's members and nothing at all reaches a non-member; presence follows who has it open", async ({
  browser,
  baseURL,
}) => {
  const owner = await createPerson(browser, "live-owner");
  const member = await createPerson(browser, "live-member");
  const outsider = await createPerson(browser, "live-outsider");
  const group = await createGroup(owner, { name: `Live ${Date.now()}`, members: { member: [member] } });

  const memberStream = await openStream(baseURL!, member.context);
  const outsiderStream = await openStream(baseURL!, outsider.context);
  await Promise.all([memberStream.ready(), outsiderStream.ready()]);
  await expect
    .poll(
      () =>
        memberStream
          .events()
          .filter((event) => event.event === "presence")
          .at(-1)?.data,
    )
    .toBe(JSON.stringify({ groups: [{ groupId: group.id, readers: 1 }] }));

  const note = await annotate(owner.context, { group: group.id }, { at: "Monitoring Team", body: "for the group only" });
  await expect.poll(() => memberStream.about(note.id).length).toBe(1);
  // A barrier: the outsider's own later note. Events reach a stream in id order, so once it has
  // arrived, the group note would have arrived before it.
  const sentinel = await annotate(outsider.context, "private", { at: "Monitoring Team", body: "the outsider's own, after the group note" });
  await expect.poll(() => outsiderStream.about(sentinel.id).length).toBe(1);
  // Not the note, not its id (other tests' notes shared with everyone may well arrive).
  expect(outsiderStream.text()).not.toContain(note.id);

  // Presence: the owner sees both members reading; once the member's connection drops, one.
  const ownerStream = await openStream(baseURL!, owner.context);
  const ownerPresence = () =>
    ownerStream
      .events()
      .filter((event) => event.event === "presence")
      .at(-1)?.data;
  await expect.poll(ownerPresence).toBe(JSON.stringify({ groups: [{ groupId: group.id, readers: 2 }] }));
  memberStream.close();
  await expect.poll(ownerPresence).toBe(JSON.stringify({ groups: [{ groupId: group.id, readers: 1 }] }));
  ownerStream.close();
  outsiderStream.close();
  for (const each of [owner, member, outsider]) await each.context.close();
});

// The live "new version" event, through the real path: the owner adds a version
// (server/documents/add-reading-version.ts), which announces it on the bus after commit; the hub
// tells every open stream whose page shows an older version — once — and no one whose page is current.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { addReadingVersion } from "@/server/documents/add-reading-version";
import { stopListening } from "@/server/outbox/bus";
import { article, createGroup, createReading, createUsers } from "@/tests/factories";
import { closeAll, listen, sessionCredential, waitFor } from "@/tests/live-listeners";
import type { LiveFrame } from "./frames";
import { getLiveCursor } from "./get-live-cursor";
import { heartbeatNow, settleChannel, stopHub, subscribe, type Subscription } from "./hub";
import { reservePresence } from "./presence";

let people: Record<"owner" | "member", { id: string }>;
let reading: { id: string; slug: string };
const opened: Subscription[] = [];

beforeAll(async () => {
  people = await createUsers(["owner", "member"], "version-event.example");
  const group = await createGroup(people.owner, { members: { member: [people.member] } });
  reading = await createReading(people.owner, "live-version-event", { visibility: "group", groupId: group.id });
});

afterEach(async () => {
  for (const subscription of opened.splice(0)) await subscription.unsubscribe();
  await closeAll();
});

afterAll(async () => {
  stopHub();
  await stopListening();
  await db.$disconnect();
});

/** A stream whose page shows version `versionNumber`, collecting its `version` frames. */
async function listenAt(viewer: { id: string }, versionNumber: number): Promise<LiveFrame[]> {
  const frames: LiveFrame[] = [];
  const subscription = await subscribe({
    streamId: await reservePresence(viewer.id, reading.id),
    documentId: reading.id,
    viewer,
    cursor: await getLiveCursor(reading.id),
    send: (frame) => frames.push(frame),
    credential: await sessionCredential(viewer),
    end: () => {},
    versionNumber,
  });
  opened.push(subscription);
  return frames;
}

const versions = (frames: LiveFrame[]) => frames.flatMap((frame) => (frame.event === "version" ? [frame.data] : []));

it("tells an open page once that a newer version exists, and a current page nothing", async () => {
  const member = await listen(people.member, reading.id);
  const owner = await listen(people.owner, reading.id);
  await settleChannel(reading.id);
  expect(versions(member.frames)).toEqual([]);

  const created = await addReadingVersion(people.owner, reading.slug, {
    kind: "json",
    body: { text: `${article.text}\n\nA closing line.` },
  });
  await waitFor(() => versions(member.frames).length > 0);
  expect(versions(member.frames)).toEqual([{ number: created.version.number, versionId: created.version.id }]);
  expect(versions(owner.frames)).toEqual([{ number: created.version.number, versionId: created.version.id }]);

  // The heartbeat checks again (the safety net for a lost announcement) and says nothing new.
  await heartbeatNow();
  await settleChannel(reading.id);
  expect(versions(member.frames)).toHaveLength(1);
  // A page opened on the new version is current: nothing to tell.
  const current = await listenAt(people.member, created.version.number);
  await settleChannel(reading.id);
  expect(versions(current)).toEqual([]);
});

it("tells a page rendered before a version was made, as soon as its stream opens", async () => {
  const before = (await db.documentVersion.findFirstOrThrow({ where: { documentId: reading.id }, orderBy: { number: "desc" } })).number;
  const created = await addReadingVersion(people.owner, reading.slug, { kind: "json", body: { text: `${article.text}\n\nAnother line.` } });
  // No stream was open when it was announced: the page connects afterwards, saying which version it shows.
  const late = await listenAt(people.member, before);
  await settleChannel(reading.id);
  expect(versions(late)).toEqual([{ number: created.version.number, versionId: created.version.id }]);
});

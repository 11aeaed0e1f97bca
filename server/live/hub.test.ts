import { afterAll, afterEach, beforeAll, describe as group, expect, it } from "vitest";
import { ZCreateReplySchema, ZMoveAnnotationsSchema, ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { MAX_REPLAY_EVENTS } from "@/lib/live/protocol";
import { createReply } from "@/server/annotations/create-reply";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { moveAnnotations } from "@/server/annotations/move-annotations";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import { db, provider } from "@/server/db/client";
import { hideAnnotation } from "@/server/moderation/hide-annotation";
import { markHelpful } from "@/server/moderation/mark-helpful";
import { unmarkHelpful } from "@/server/moderation/unmark-helpful";
import { restoreAnnotation } from "@/server/moderation/restore-annotation";
import { createFeedbackReply } from "@/server/review/create-feedback-reply";
import { releaseScores } from "@/server/review/release-scores";
import { setScore } from "@/server/review/set-score";
import { dropListenConnectionForTest, stopListening } from "@/server/outbox/bus";
import { getLiveCursor } from "./get-live-cursor";
import { heartbeatNow, settleChannel, stopHub } from "./hub";
import { annotate, createDocument, createGroup, createReading, createUsers } from "@/tests/factories";
import { closeAll, describe, listen, waitFor, type Listener } from "@/tests/live-listeners";

type User = { id: string };
let people: Record<"author" | "member" | "teacher" | "owner" | "outsider" | "shy", User>;
let seminar: { id: string };
let hiding: { id: string };
let doc: { id: string; slug: string };

beforeAll(async () => {
  doc = await createDocument("live-hub");
  people = await createUsers(["author", "member", "teacher", "owner", "outsider", "shy"], "hub.example");
  seminar = await createGroup(people.owner, {
    name: "Seminar",
    members: { instructor: [people.teacher], member: [people.author, people.member] },
  });
  // Hide until you post: "shy" has posted nothing, so peers' group notes stay hidden from them.
  hiding = await createGroup(people.owner, { name: "Hiding", hideUntilPostCount: 1, members: { member: [people.author, people.shy] } });
});

afterEach(() => closeAll());

afterAll(async () => {
  stopHub();
  await stopListening();
  await db.$disconnect();
});

/** Everyone listening from now on, by name. */
async function everyoneListens(): Promise<Record<keyof typeof people, Listener>> {
  const entries = await Promise.all(Object.entries(people).map(async ([name, user]) => [name, await listen(user, doc.id)] as const));
  return Object.fromEntries(entries) as Record<keyof typeof people, Listener>;
}

function seen(listener: Listener): string[] {
  return listener.changes().map(describe);
}

group("who is sent what", () => {
  it("sends a private note to its author only", async () => {
    const listeners = await everyoneListens();
    const note = await annotate(people.author, doc.slug, "private");
    await settleChannel(doc.id);
    expect(seen(listeners.author)).toEqual([`annotation created ${note.id}`]);
    for (const name of ["member", "teacher", "owner", "outsider", "shy"] as const) expect(seen(listeners[name]), name).toEqual([]);
  });

  it("sends a group note to the group's members only, with an SSE id and the DTO", async () => {
    const listeners = await everyoneListens();
    const note = await annotate(people.author, doc.slug, { group: seminar.id }, "for the seminar");
    await settleChannel(doc.id);
    for (const name of ["author", "member", "teacher", "owner"] as const)
      expect(seen(listeners[name]), name).toEqual([`annotation created ${note.id}`]);
    expect(seen(listeners.outsider)).toEqual([]);
    expect(seen(listeners.shy)).toEqual([]);
    const frame = listeners.member.changes()[0];
    // Who wrote it is in the DTO; the stream itself only tells each reader whether it was them.
    expect(frame).toMatchObject({
      event: "annotation",
      id: await getLiveCursor(doc.id),
      data: { kind: "created", change: "created", parent: null, isMine: false, clientToken: null },
    });
    expect(frame.event === "annotation" && frame.data.annotation).toMatchObject({
      id: note.id,
      body: "for the seminar",
      groupId: seminar.id,
    });
    expect(JSON.stringify(frame)).not.toContain("actorId");
    expect(listeners.author.changes()[0]).toMatchObject({ data: { isMine: true } });
    // Each reader's DTO carries that reader's permissions: the author edits, the member flags, the teacher hides.
    const permissionsOf = (listener: Listener) => {
      const first = listener.changes()[0];
      return first.event === "annotation" ? first.data.annotation.permissions : null;
    };
    expect(permissionsOf(listeners.author)).toMatchObject({ edit: true, flag: false, hide: false });
    expect(permissionsOf(listeners.member)).toMatchObject({ edit: false, flag: true, markHelpful: true, hide: false });
    expect(permissionsOf(listeners.teacher)).toMatchObject({ edit: false, hide: true, score: true, feedback: true });
  });

  it("sends the body rendered from Markdown and sanitized, as the page shows it", async () => {
    const listeners = await everyoneListens();
    const body = "**read this** <img src=x onerror=alert(1)> [here](javascript:alert(1))";
    const note = await annotate(people.author, doc.slug, { group: seminar.id }, body);
    await settleChannel(doc.id);
    const frame = listeners.member.changes()[0];
    expect(frame.event === "annotation" && frame.data.annotation).toMatchObject({
      id: note.id,
      body,
      bodyHtml: "<p><strong>read this</strong> &#x3C;img src=x onerror=alert(1)> <span>here</span></p>",
    });
  });

  it("sends a score only to the group's staff, and to its author once released; feedback only to its recipient and the staff", async () => {
    const note = await annotate(people.author, doc.slug, { group: seminar.id }, "to be scored");
    await setScore(people.teacher, note.id, 2);
    const scoreSeen = async () => {
      const listeners = await everyoneListens();
      await updateAnnotation(people.author, note.id, ZUpdateAnnotationSchema.parse({ body: `edited ${Date.now()}` }));
      await settleChannel(doc.id);
      const scoreOf = (listener: Listener) => {
        const frame = listener.changes()[0];
        return frame?.event === "annotation" ? frame.data.annotation.score : "nothing sent";
      };
      return Object.fromEntries((["author", "member", "teacher", "owner"] as const).map((name) => [name, scoreOf(listeners[name])]));
    };
    expect(await scoreSeen()).toEqual({ author: null, member: null, teacher: 2, owner: 2 });
    await releaseScores(people.teacher, seminar.id, doc.slug);
    closeAll();
    expect(await scoreSeen()).toEqual({ author: 2, member: null, teacher: 2, owner: 2 });
    closeAll();

    const listeners = await everyoneListens();
    const feedback = await createFeedbackReply(people.teacher, note.id, ZCreateReplySchema.parse({ body: "cite it" }));
    await settleChannel(doc.id);
    for (const name of ["author", "teacher", "owner"] as const)
      expect(seen(listeners[name]), name).toEqual([`annotation created ${feedback.id}`]);
    for (const name of ["member", "outsider", "shy"] as const) expect(seen(listeners[name]), name).toEqual([]);
    const frame = listeners.author.changes()[0];
    expect(frame.event === "annotation" && frame.data.annotation).toMatchObject({ isFeedback: true, feedbackOn: { id: note.id } });
    // The thread comes along with its counts: feedback apart from replies.
    expect(frame.event === "annotation" && frame.data.parent).toMatchObject({ replyCount: 0, feedbackCount: 1 });
  });

  it("sends an instructors-only note to the author and the group's staff, not to members", async () => {
    const listeners = await everyoneListens();
    const note = await annotate(people.author, doc.slug, { instructors: seminar.id });
    await settleChannel(doc.id);
    for (const name of ["author", "teacher", "owner"] as const)
      expect(seen(listeners[name]), name).toEqual([`annotation created ${note.id}`]);
    for (const name of ["member", "outsider", "shy"] as const) expect(seen(listeners[name]), name).toEqual([]);
  });

  it("keeps peers' notes in a hide-until-post group from a member who has not posted", async () => {
    const listeners = await everyoneListens();
    const note = await annotate(people.author, doc.slug, { group: hiding.id });
    await settleChannel(doc.id);
    // The author had not posted in the group either: this post opens their gate, so their page
    // reloads everything it may now read (their note included) rather than receive the one note.
    expect(seen(listeners.author)).toEqual(["reset"]);
    expect(seen(listeners.owner)).toEqual([`annotation created ${note.id}`]);
    expect(seen(listeners.shy)).toEqual([]);
    expect(seen(listeners.member)).toEqual([]);
  });

  it("tells a hide-until-post member to reload once posting reveals their peers' notes", async () => {
    const shy = await listen(people.shy, doc.id);
    await annotate(people.author, doc.slug, { group: hiding.id });
    await settleChannel(doc.id);
    expect(seen(shy)).toEqual([]);
    await annotate(people.shy, doc.slug, { group: hiding.id }, "my first post");
    await settleChannel(doc.id);
    expect(seen(shy)).toEqual(["reset"]);
    expect(shy.changes()[0]).toMatchObject({ id: await getLiveCursor(doc.id) });
  });

  it("resets a hide-until-post member whose first event is their own gate-opening post (issue 16)", async () => {
    const { late } = await createUsers(["late"], "hub-late.example");
    await db.membership.create({ data: { groupId: hiding.id, userId: late.id, role: "member" } });
    await annotate(people.author, doc.slug, { group: hiding.id }, "written before late opens the page");
    await settleChannel(doc.id);
    const listener = await listen(late, doc.id);
    await annotate(late, doc.slug, { group: hiding.id }, "late's first post");
    await settleChannel(doc.id);
    expect(seen(listener)).toEqual(["reset"]);
  });

  it("resets a reader removed from a group, or made a member from its staff, at the next heartbeat with no event between", async () => {
    const { leaving, demoted } = await createUsers(["leaving", "demoted"], "hub-losing.example");
    const group = await createGroup(people.owner, { name: "Losing", members: { instructor: [demoted], member: [leaving] } });
    await annotate(people.owner, doc.slug, { group: group.id }, "read by the group, then not by the one who left");
    await settleChannel(doc.id);
    const [leavingListener, demotedListener, ownerListener] = await Promise.all([
      listen(leaving, doc.id),
      listen(demoted, doc.id),
      listen(people.owner, doc.id),
    ]);
    await db.membership.delete({ where: { groupId_userId: { groupId: group.id, userId: leaving.id } } });
    await db.membership.update({ where: { groupId_userId: { groupId: group.id, userId: demoted.id } }, data: { role: "member" } });
    await heartbeatNow();
    // The seeded article stays readable to them: their streams go on, told to reload what they show.
    expect(seen(leavingListener)).toEqual(["reset"]);
    expect(seen(demotedListener)).toEqual(["reset"]);
    expect(seen(ownerListener)).toEqual([]);
    // Once: the next heartbeat finds nothing new.
    await heartbeatNow();
    expect(seen(leavingListener)).toEqual(["reset"]);
  });

  it("resets a reader who left a group when the next event comes before the heartbeat", async () => {
    const { quitter } = await createUsers(["quitter"], "hub-quitter.example");
    const group = await createGroup(people.owner, { name: "Quit", members: { member: [quitter] } });
    const listener = await listen(quitter, doc.id);
    await db.membership.delete({ where: { groupId_userId: { groupId: group.id, userId: quitter.id } } });
    const note = await annotate(people.author, doc.slug, "everyone", "anyone's note after the quitter left");
    await settleChannel(doc.id);
    expect(seen(listener)).toEqual(["reset"]);
    expect(note.id).toBeTruthy();
  });

  it("sends a reply with its thread (new reply count) to the thread's readers only", async () => {
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    const listeners = await everyoneListens();
    const reply = await createReply(people.member, note.id, ZCreateReplySchema.parse({ body: "agreed" }));
    await settleChannel(doc.id);
    expect(seen(listeners.teacher)).toEqual([`annotation created ${reply.id}`]);
    const frame = listeners.author.changes()[0];
    expect(frame.event === "annotation" && frame.data.parent).toMatchObject({ id: note.id, replyCount: 1 });
    expect(seen(listeners.outsider)).toEqual([]);
  });

  it("counts in a reply's thread only the replies each reader may read (hide until you post)", async () => {
    const { gated } = await createUsers(["gated"], "hub-gated.example");
    await db.membership.create({ data: { groupId: hiding.id, userId: gated.id, role: "member" } });
    const prompt = await annotate(people.owner, doc.slug, { group: hiding.id }, "the owner's prompt");
    const gatedListener = await listen(gated, doc.id);
    const ownerListener = await listen(people.owner, doc.id);
    await createReply(people.author, prompt.id, ZCreateReplySchema.parse({ body: "a peer's answer" }));
    const hint = await createReply(people.owner, prompt.id, ZCreateReplySchema.parse({ body: "the owner's hint" }));
    await settleChannel(doc.id);
    // The gated member is told of the owner's reply only, and its thread counts that one reply.
    expect(seen(gatedListener)).toEqual([`annotation created ${hint.id}`]);
    const frame = gatedListener.changes()[0];
    expect(frame.event === "annotation" && frame.data.parent).toMatchObject({ id: prompt.id, replyCount: 1 });
    const last = ownerListener.changes().at(-1)!;
    expect(last.event === "annotation" && last.data.parent).toMatchObject({ id: prompt.id, replyCount: 2 });
  });

  it("stops sending to a member removed from the group", async () => {
    const member = await listen(people.member, doc.id);
    await db.membership.delete({ where: { groupId_userId: { groupId: seminar.id, userId: people.member.id } } });
    try {
      await annotate(people.author, doc.slug, { group: seminar.id });
      await settleChannel(doc.id);
      // Never the note: a reset, so the page drops what it showed of the group.
      expect(seen(member)).toEqual(["reset"]);
    } finally {
      await db.membership.create({ data: { groupId: seminar.id, userId: people.member.id, role: "member" } });
    }
  });
});

group("a reading that closes to a reader", () => {
  it("sends them nothing more and ends their stream at the next change, not at the heartbeat: unshared, or their group left", async () => {
    const reading = await createReading(people.owner, "live-hub-closing", { visibility: "group", groupId: seminar.id });
    const member = await listen(people.member, reading.id);
    const teacher = await listen(people.teacher, reading.id);
    await db.document.update({ where: { id: reading.id }, data: { visibility: "private" } });
    // Notes anyone may read by their own scope: only the reading's sharing keeps them from the member now.
    await annotate(people.owner, reading.slug, "everyone", "posted after the unsharing");
    await settleChannel(reading.id);
    expect(seen(member)).toEqual([]);
    expect(member.isEnded()).toBe(true);
    expect(teacher.isEnded()).toBe(true);

    const other = await createReading(people.owner, "live-hub-left", { visibility: "group", groupId: seminar.id });
    const leaving = await listen(people.member, other.id);
    const staying = await listen(people.author, other.id);
    await db.membership.delete({ where: { groupId_userId: { groupId: seminar.id, userId: people.member.id } } });
    try {
      await annotate(people.owner, other.slug, "everyone", "posted after the member left");
      await settleChannel(other.id);
      expect(seen(leaving)).toEqual([]);
      expect(leaving.isEnded()).toBe(true);
      expect(staying.isEnded()).toBe(false);
      expect(seen(staying)).toHaveLength(1);
    } finally {
      await db.membership.create({ data: { groupId: seminar.id, userId: people.member.id, role: "member" } });
    }
  });
});

group("changes that take a note out of sight", () => {
  it("moving a group note to private: `removed` to the members who saw it, an update to its author, nothing to outsiders", async () => {
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    const listeners = await everyoneListens();
    await moveAnnotations(people.author, ZMoveAnnotationsSchema.parse({ ids: [note.id], visibility: "private" }));
    await settleChannel(doc.id);
    expect(seen(listeners.author)).toEqual([`annotation updated ${note.id}`]);
    for (const name of ["member", "teacher", "owner"] as const) expect(seen(listeners[name]), name).toEqual([`removed ${note.id}`]);
    expect(listeners.member.changes()[0]).toMatchObject({ data: { id: note.id, parentId: null, change: "moved", isMine: false } });
    expect(seen(listeners.outsider)).toEqual([]);
    expect(seen(listeners.shy)).toEqual([]);
  });

  it("moving a private note to the group (one edit): the members receive it and its replies", async () => {
    const note = await annotate(people.author, doc.slug, "private");
    const reply = await createReply(people.author, note.id, ZCreateReplySchema.parse({ body: "note to self" }));
    const listeners = await everyoneListens();
    await updateAnnotation(people.author, note.id, ZUpdateAnnotationSchema.parse({ visibility: { group: seminar.id } }));
    await settleChannel(doc.id);
    expect(seen(listeners.member)).toEqual([`annotation updated ${note.id}`, `annotation updated ${reply.id}`]);
    expect(seen(listeners.outsider)).toEqual([]);
  });

  it("hiding: `removed` to the members, an update (isHidden) to the author and the staff; restoring brings it back", async () => {
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    const listeners = await everyoneListens();
    await hideAnnotation(people.teacher, note.id);
    await settleChannel(doc.id);
    expect(seen(listeners.member)).toEqual([`removed ${note.id}`]);
    for (const name of ["author", "teacher", "owner"] as const)
      expect(seen(listeners[name]), name).toEqual([`annotation updated ${note.id}`]);
    const toAuthor = listeners.author.changes()[0];
    expect(toAuthor.event === "annotation" && toAuthor.data.annotation.isHidden).toBe(true);
    expect(seen(listeners.outsider)).toEqual([]);

    await restoreAnnotation(people.teacher, note.id);
    await settleChannel(doc.id);
    expect(seen(listeners.member)).toEqual([`removed ${note.id}`, `annotation updated ${note.id}`]);
  });

  it("hiding a reply under a note shared with everyone: `removed` to its readers, an update to its writer and the note's author", async () => {
    const note = await annotate(people.author, doc.slug, "everyone");
    const abuse = await createReply(people.outsider, note.id, ZCreateReplySchema.parse({ body: "abuse" }));
    const listeners = await everyoneListens();
    await hideAnnotation(people.author, abuse.id);
    await settleChannel(doc.id);
    for (const name of ["member", "teacher", "owner", "shy"] as const) expect(seen(listeners[name]), name).toEqual([`removed ${abuse.id}`]);
    expect(listeners.member.changes()[0]).toMatchObject({ data: { id: abuse.id, parentId: note.id, change: "hidden" } });
    for (const name of ["author", "outsider"] as const) expect(seen(listeners[name]), name).toEqual([`annotation updated ${abuse.id}`]);

    await restoreAnnotation(people.author, abuse.id);
    await settleChannel(doc.id);
    expect(seen(listeners.member)).toEqual([`removed ${abuse.id}`, `annotation updated ${abuse.id}`]);
  });

  it("deleting: `removed` to those who could read it; a thread kept for its replies is sent as deleted", async () => {
    const alone = await annotate(people.author, doc.slug, { group: seminar.id });
    const discussed = await annotate(people.author, doc.slug, { group: seminar.id });
    await createReply(people.member, discussed.id, ZCreateReplySchema.parse({ body: "a reply keeps it" }));
    const listeners = await everyoneListens();
    await deleteAnnotation(people.author, alone.id);
    await deleteAnnotation(people.author, discussed.id);
    await settleChannel(doc.id);
    expect(seen(listeners.member)).toEqual([`removed ${alone.id}`, `annotation deleted ${discussed.id}`]);
    const kept = listeners.member.changes()[1];
    expect(kept.event === "annotation" && kept.data.annotation).toMatchObject({ isDeleted: true, body: "" });
    expect(seen(listeners.outsider)).toEqual([]);
  });

  it("a helpful mark updates the count for the thread's readers", async () => {
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    const author = await listen(people.author, doc.id);
    await markHelpful(people.member, note.id);
    await settleChannel(doc.id);
    const frame = author.changes()[0];
    expect(frame.event === "annotation" && frame.data.annotation.helpfulCount).toBe(1);
  });

  it("the giver of a helpful mark is told, in every tab, whether theirs is there now; nobody else is", async () => {
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    const [firstTab, secondTab, author] = await Promise.all([
      listen(people.member, doc.id),
      listen(people.member, doc.id),
      listen(people.author, doc.id),
    ]);
    await markHelpful(people.member, note.id);
    await settleChannel(doc.id);
    await unmarkHelpful(people.member, note.id);
    await settleChannel(doc.id);
    const mine = (listener: Listener) =>
      listener.changes().flatMap((frame) => (frame.event === "annotation" ? [frame.data.annotation.isHelpfulToMe] : []));
    expect(mine(firstTab)).toEqual([true, false]);
    expect(mine(secondTab)).toEqual([true, false]);
    // Anonymous to everyone else: their page keeps its own.
    expect(mine(author)).toEqual([undefined, undefined]);
  });
});

group("replay and reset", () => {
  it("replays exactly the missed events the subscriber may read, in id order", async () => {
    const cursor = await getLiveCursor(doc.id);
    const first = await annotate(people.author, doc.slug, { group: seminar.id }, "first");
    await annotate(people.outsider, doc.slug, "private", "not for the member");
    const second = await annotate(people.owner, doc.slug, "everyone", "second");
    const third = await createReply(people.author, first.id, ZCreateReplySchema.parse({ body: "third" }));
    const member = await listen(people.member, doc.id, cursor);
    await settleChannel(doc.id);
    expect(seen(member)).toEqual([`annotation created ${first.id}`, `annotation created ${second.id}`, `annotation created ${third.id}`]);
    const ids = member.changes().map((frame) => ("id" in frame ? frame.id : 0));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.every((id) => id > cursor)).toBe(true);
  });

  it("says `reset` to a cursor past every event there is (a restored database), and then goes on telling", async () => {
    const latest = await getLiveCursor(doc.id);
    const ahead = await listen(people.member, doc.id, latest + 1_000_000);
    await settleChannel(doc.id);
    expect(ahead.changes()).toEqual([{ event: "reset", id: latest, data: {} }]);
    const next = await annotate(people.owner, doc.slug, "everyone", "after the reset");
    await settleChannel(doc.id);
    expect(seen(ahead)).toEqual(["reset", `annotation created ${next.id}`]);
  });

  it("says `reset` (with the latest id) instead of replaying more than MAX_REPLAY_EVENTS", async () => {
    const other = await createDocument("live-hub-reset");
    await db.annotationEvent.createMany({
      data: Array.from({ length: MAX_REPLAY_EVENTS + 1 }, (_, index) => ({
        documentId: other.id,
        annotationId: `gone-${index}`,
        kind: "created",
        change: "created",
        actorId: people.author.id,
      })),
    });
    const latest = await getLiveCursor(other.id);
    const member = await listen(people.member, other.id, latest - MAX_REPLAY_EVENTS - 1);
    await settleChannel(other.id);
    expect(member.changes()).toEqual([{ event: "reset", id: latest, data: {} }]);

    const justEnough = await listen(people.member, other.id, latest - MAX_REPLAY_EVENTS);
    await settleChannel(other.id);
    expect(justEnough.changes()).toEqual([]); // replayed: nothing readable (the annotations are gone, nothing was readable before)
  });
});

group("presence", () => {
  it("counts distinct present members per group of each subscriber, and updates when someone leaves", async () => {
    const other = await createDocument("live-hub-presence");
    const member = await listen(people.member, other.id);
    const teacher = await listen(people.teacher, other.id);
    await listen(people.teacher, other.id); // a second tab: still one reader
    const outsider = await listen(people.outsider, other.id);
    const author = await listen(people.author, other.id);
    await settleChannel(other.id);
    const latest = (listener: Listener) => listener.frames.filter((frame) => frame.event === "presence").at(-1);
    expect(latest(member)).toEqual({ event: "presence", data: { groups: [{ groupId: seminar.id, readers: 3 }] } });
    expect(latest(outsider)).toEqual({ event: "presence", data: { groups: [] } });
    const authorGroups = latest(author)?.event === "presence" ? latest(author)!.data : null;
    expect(authorGroups?.groups).toEqual(
      expect.arrayContaining([
        { groupId: seminar.id, readers: 3 },
        { groupId: hiding.id, readers: 1 },
      ]),
    );

    await author.subscription.unsubscribe();
    await settleChannel(other.id);
    expect(latest(member)).toEqual({ event: "presence", data: { groups: [{ groupId: seminar.id, readers: 2 }] } });
    expect(latest(teacher)).toEqual({ event: "presence", data: { groups: [{ groupId: seminar.id, readers: 2 }] } });
  });

  it("names only the groups the reading is open to: none on a private reading, the one it is shared with on a group reading", async () => {
    // The author is in Seminar and Hiding. On their private reading no group can read along, and
    // on a reading shared with Seminar, Hiding's members see it only if they are in Seminar too.
    const mine = await createReading(people.author, "live-hub-presence-private");
    const alone = await listen(people.author, mine.id);
    await settleChannel(mine.id);
    expect(alone.frames.filter((frame) => frame.event === "presence").at(-1)).toEqual({ event: "presence", data: { groups: [] } });

    const shared = await createReading(people.owner, "live-hub-presence-group", { visibility: "group", groupId: seminar.id });
    const author = await listen(people.author, shared.id);
    await listen(people.member, shared.id);
    await settleChannel(shared.id);
    expect(author.frames.filter((frame) => frame.event === "presence").at(-1)).toEqual({
      event: "presence",
      data: { groups: [{ groupId: seminar.id, readers: 2 }] },
    });
  });

  it("stops counting a reader whose instance stopped refreshing, and refreshes its own on the heartbeat", async () => {
    const other = await createDocument("live-hub-stale");
    await db.readerPresence.create({
      data: {
        id: "dead-stream",
        userId: people.author.id,
        documentId: other.id,
        instanceId: "dead",
        seenAt: new Date(Date.now() - 60_000),
      },
    });
    const member = await listen(people.member, other.id);
    await db.readerPresence.updateMany({ where: { id: member.subscription.streamId }, data: { seenAt: new Date(Date.now() - 60_000) } });
    await heartbeatNow();
    await settleChannel(other.id);
    const fresh = await db.readerPresence.findUniqueOrThrow({ where: { id: member.subscription.streamId } });
    expect(Date.now() - fresh.seenAt.getTime()).toBeLessThan(10_000);
    expect(member.frames.filter((frame) => frame.event === "presence").at(-1)).toEqual({
      event: "presence",
      data: { groups: [{ groupId: seminar.id, readers: 1 }] },
    });
    expect(member.frames.some((frame) => frame.event === "heartbeat")).toBe(true);
  });

  it("removes the presence row when the subscriber leaves", async () => {
    const member = await listen(people.member, doc.id);
    expect(await db.readerPresence.count({ where: { id: member.subscription.streamId } })).toBe(1);
    await member.subscription.unsubscribe();
    expect(await db.readerPresence.count({ where: { id: member.subscription.streamId } })).toBe(0);
  });
});

group("the bus", () => {
  it("delivers an announced change without being asked to catch up", async () => {
    const author = await listen(people.author, doc.id);
    await settleChannel(doc.id);
    const note = await annotate(people.author, doc.slug, "private");
    await waitFor(() => seen(author).includes(`annotation created ${note.id}`));
  });

  it.runIf(provider === "postgresql")("catches up after the LISTEN connection was lost and came back", async () => {
    const author = await listen(people.author, doc.id);
    await settleChannel(doc.id);
    dropListenConnectionForTest();
    // Written while nobody listens: the NOTIFY is lost; the reconnect's catch-up must bring it.
    const note = await annotate(people.author, doc.slug, "private");
    await waitFor(() => seen(author).includes(`annotation created ${note.id}`));
  });

  it.runIf(provider === "postgresql")(
    "catches up when the LISTEN connection first starts: a change notified before it listened arrives",
    async () => {
      const author = await listen(people.author, doc.id);
      await settleChannel(doc.id);
      // As in a fresh process whose first subscriber replayed before LISTEN took effect: nobody
      // listens while this is written, so its NOTIFY is lost.
      stopHub();
      await stopListening();
      const note = await annotate(people.author, doc.slug, "private");
      // A subscriber on another document starts the hub and a first LISTEN connection; its start
      // (not a heartbeat, 15 s away) must bring the note to the author's open stream.
      const elsewhere = await createDocument("live-hub-elsewhere");
      await listen(people.member, elsewhere.id);
      await waitFor(() => seen(author).includes(`annotation created ${note.id}`));
    },
  );
});

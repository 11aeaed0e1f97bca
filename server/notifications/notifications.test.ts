import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { ZCreateAnnotationSchema, ZCreateReplySchema, ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { ZMarkNotificationsReadSchema } from "@/lib/notifications/schemas";
import { createAnnotation } from "@/server/annotations/create-annotation";
import { createReply } from "@/server/annotations/create-reply";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { annotate, article, createDocument, createGroup, createReading, createUser, reply } from "@/tests/factories";
import { hideAnnotation } from "@/server/moderation/hide-annotation";
import { scopeKey } from "@/lib/annotations/scopes";
import { listMentionCandidates } from "@/server/authz/mentions";
import { countUnreadNotifications } from "./count-unread-notifications";
import { listNotifications } from "./list-notifications";
import { markNotificationsRead } from "./mark-notifications-read";

const slug = `${article.slug}-notifications`;

type User = { id: string };
let ada: User, ben: User, chen: User, teacher: User, outsider: User;
let seminar: { id: string };

beforeAll(async () => {
  await createDocument(slug);
  [ada, ben, chen, teacher, outsider] = await Promise.all(
    ["Ada Lovelace", "Ben", "Chen", "Dr Teacher", "Ola Outsider"].map((name, index) =>
      createUser({ name, email: `user${index}@notifications.example` }),
    ),
  );
  seminar = await createGroup(teacher, { name: "Seminar N", members: { member: [ada, ben, chen] } });
});

afterAll(() => db.$disconnect());

const unread = (viewer: Viewer) => countUnreadNotifications(viewer);

async function clearAll() {
  for (const user of [ada, ben, chen, teacher, outsider]) await markNotificationsRead(user, { all: true });
}

describe("reply notifications", () => {
  it("tell the thread's author about someone else's reply, with a link to the thread, never the replier themselves", async () => {
    await clearAll();
    const note = await annotate(ada, slug, { group: seminar.id }, "my thought");
    const first = await reply(ben, note.id, "I *disagree*\n\nbecause [reasons](https://example.org)");
    expect(await unread(ada)).toBe(1);
    expect(await unread(ben)).toBe(0);

    await reply(ada, note.id, "Why?"); // the author replying in her own thread
    expect(await unread(ada)).toBe(1);
    expect(await unread(ben)).toBe(0); // replies notify the thread's author only

    const page = await listNotifications(ada);
    expect(page.unreadCount).toBe(1);
    expect(page.items[0]).toMatchObject({
      kind: "reply",
      actor: { id: ben.id, name: "Ben" },
      isRead: false,
      annotation: {
        quote: note.target!.selector[0].exact,
        snippet: "I disagree because reasons", // the words, without their Markdown
        href: `/read/${slug}?annotation=${note.id}`,
      },
    });
    expect(first.parentId).toBe(note.id);
  });
});

describe("mention notifications", () => {
  it("reach a named member of the group who can read it, whole name, any case", async () => {
    await clearAll();
    await annotate(ben, slug, { group: seminar.id }, "What do @ada lovelace and @CHEN think? @Ola Outsider too. @Ada alone is nobody.");
    expect(await unread(ada)).toBe(1);
    expect(await unread(chen)).toBe(1);
    expect(await unread(outsider)).toBe(0); // not a member of the group
    expect(await unread(teacher)).toBe(0);
    expect((await listNotifications(chen)).items[0]).toMatchObject({ kind: "mention", actor: { name: "Ben" } });
  });

  it("wait, in a hide-until-you-post group, until the named member has posted there", async () => {
    await clearAll();
    const quiet = await createGroup(teacher, {
      name: "Quiet N",
      hideUntilPostCount: 1,
      creatorJoins: false,
      members: { member: [ben, chen] },
    });
    await annotate(ben, slug, { group: quiet.id }, "@Chen, over to you");
    expect(await unread(chen)).toBe(0);
    await annotate(chen, slug, { group: quiet.id }, "my own first");
    await annotate(ben, slug, { group: quiet.id }, "@Chen, now you can see it");
    expect(await unread(chen)).toBe(1);
  });

  it("skip members who cannot read it, scopes outside a group, and the author mentioning themselves", async () => {
    await clearAll();
    await annotate(ben, slug, { instructors: seminar.id }, "@Chen should not see this, @Dr Teacher should");
    expect(await unread(chen)).toBe(0);
    expect(await unread(teacher)).toBe(1);
    await annotate(ben, slug, "everyone", "@Chen everywhere");
    await annotate(ben, slug, "private", "@Chen privately");
    expect(await unread(chen)).toBe(0);
    await annotate(ben, slug, { group: seminar.id }, "note to @Ben");
    expect(await unread(ben)).toBe(0);
  });

  it("tell nobody the words of a reading they may not open, whatever group the note is in", async () => {
    await clearAll();
    // Ben is in both groups; the reading is shared with the other one only. His note on it, in the
    // seminar, names Chen (not in the other group), and Ada replies to a thread Chen started there
    // while Chen could still read it.
    const otherClass = await createGroup(ben, { name: "Other class N", members: { member: [ada] } });
    const reading = await createReading(ben, `${slug}-other-class`, { visibility: "group", groupId: otherClass.id });
    await annotate(ben, reading.slug, { group: seminar.id }, "@Chen @Ada Lovelace the answer key");
    expect(await unread(chen)).toBe(0);
    expect(await unread(ada)).toBe(1); // a seminar member who may open the reading is told

    await db.document.update({ where: { id: reading.id }, data: { visibility: "group", groupId: seminar.id } });
    const chens = await annotate(chen, reading.slug, { group: seminar.id }, "while I could read it");
    await db.document.update({ where: { id: reading.id }, data: { visibility: "group", groupId: otherClass.id } });
    await reply(ada, chens.id, "the answer is PLATYPUS");
    // A reply on a reading Chen may no longer open is not his to be told of.
    expect(await unread(chen)).toBe(0);
    await db.document.update({ where: { id: reading.id }, data: { visibility: "group", groupId: seminar.id } });
    await reply(ada, chens.id, "and again");
    const [latest] = (await listNotifications(chen)).items;
    expect(latest).toMatchObject({ kind: "reply", annotation: { snippet: "and again" } });
    await db.document.update({ where: { id: reading.id }, data: { visibility: "group", groupId: otherClass.id } });
    // Written while he could read it, it shows no text once he cannot.
    expect((await listNotifications(chen)).items[0]).toMatchObject({ id: latest.id, annotation: null });
  });

  it("the editor's @ list offers, on a reading, only the members who may open it: what it offers is what notifies", async () => {
    const otherClass = await createGroup(ben, { name: "Other class M", members: { member: [ada] } });
    const reading = await createReading(ben, `${slug}-mention-list`, { visibility: "group", groupId: otherClass.id });
    const names = async (documentId: string) =>
      (await listMentionCandidates(ben, documentId))[scopeKey({ visibility: "group", groupId: seminar.id })].map((member) => member.name);
    // On the seminar's own reading, every other member and the teacher; on the other class's,
    // only Ada (in both groups): Chen and the teacher may not open it.
    const seminarReading = await db.document.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    expect(await names(seminarReading.id)).toEqual(["Ada Lovelace", "Chen", "Dr Teacher"]);
    expect(await names(reading.id)).toEqual(["Ada Lovelace"]);
    // Shared with the seminar, the reading is theirs to open again, and the list says so.
    await db.document.update({ where: { id: reading.id }, data: { groupId: seminar.id } });
    expect(await names(reading.id)).toEqual(["Ada Lovelace", "Chen", "Dr Teacher"]);
  });

  it("in a reply, mention others, and notify the thread's author once when the reply also names them", async () => {
    await clearAll();
    const note = await annotate(ada, slug, { group: seminar.id }, "thread");
    await reply(ben, note.id, "@Ada Lovelace and @Chen, look");
    expect(await unread(ada)).toBe(1);
    expect((await listNotifications(ada)).items[0].kind).toBe("reply");
    expect(await unread(chen)).toBe(1);
    expect((await listNotifications(chen)).items[0].kind).toBe("mention");
  });
});

describe("mentions chosen from the @ list (by user id)", () => {
  const target = (exact: string) => ({ selector: [{ type: "TextQuoteSelector", exact }] });
  const quote = article.paragraphs[0].slice(0, 24);

  it("reach exactly the chosen member when two members share a name, and nobody outside the audience", async () => {
    await clearAll();
    const [maya, otherMaya, sam] = await Promise.all([
      createUser({ name: "Maya Chen", email: "maya1@notifications.example" }),
      createUser({ name: "Maya Chen", email: "maya2@notifications.example" }),
      createUser({ name: "Sam", email: "sam@notifications.example" }),
    ]);
    const twins = await createGroup(teacher, { name: "Twins N", members: { member: [maya, otherMaya, sam] } });
    const input = { target: target(quote), body: "@Maya Chen what do you think?", visibility: { group: twins.id } };
    await createAnnotation(sam, slug, ZCreateAnnotationSchema.parse({ ...input, mentions: [otherMaya.id] }));
    expect(await unread(otherMaya)).toBe(1);
    expect(await unread(maya)).toBe(0);

    // Typed without choosing, the name reaches both; an id outside the group reaches nobody.
    await createAnnotation(
      sam,
      slug,
      ZCreateAnnotationSchema.parse({ ...input, body: "@Maya Chen and @Ola Outsider", mentions: [outsider.id] }),
    );
    expect(await unread(maya)).toBe(1);
    expect(await unread(otherMaya)).toBe(2);
    expect(await unread(outsider)).toBe(0);

    // An instructors-only note cannot mention a plain member, chosen or not; a reply chooses too.
    const staffNote = await createAnnotation(
      sam,
      slug,
      ZCreateAnnotationSchema.parse({
        ...input,
        body: "@Maya Chen @Dr Teacher",
        visibility: { instructors: twins.id },
        mentions: [maya.id],
      }),
    );
    expect(await unread(maya)).toBe(1);
    expect(await unread(teacher)).toBe(1);
    await createReply(teacher, staffNote.id, ZCreateReplySchema.parse({ body: "@Maya Chen", mentions: [maya.id] }));
    expect(await unread(maya)).toBe(1);
    const groupNote = await annotate(sam, slug, { group: twins.id }, "thread");
    await createReply(teacher, groupNote.id, ZCreateReplySchema.parse({ body: "over to @maya chen", mentions: [maya.id] }));
    expect(await unread(maya)).toBe(2);
    expect(await unread(otherMaya)).toBe(2);
  });

  it("are notified only while the chosen name is still in the body", async () => {
    await clearAll();
    const note = ZCreateAnnotationSchema.parse({
      target: target(quote),
      body: "@Ada, see",
      visibility: { group: seminar.id },
      mentions: [ada.id],
    });
    await createAnnotation(ben, slug, note);
    expect(await unread(ada)).toBe(0);
  });
});

describe("mentions added in an edit", () => {
  const edit = (viewer: Viewer, id: string, input: unknown) => updateAnnotation(viewer, id, ZUpdateAnnotationSchema.parse(input));

  it("tell the members the new words mention, typed or chosen, and not those the old words named already", async () => {
    await clearAll();
    const note = await annotate(ben, slug, { group: seminar.id }, "a thought");
    await edit(ben, note.id, { body: "a thought, @Chen?" });
    expect(await unread(chen)).toBe(1);

    // Read, so that telling Chen again would count anew; Ada is chosen from the list this time.
    await clearAll();
    await edit(ben, note.id, { body: "a thought, @Chen? And @Ada Lovelace", mentions: [ada.id] });
    expect(await unread(ada)).toBe(1);
    expect(await unread(chen)).toBe(0);

    // A reply's edit too; the thread's author mentioned in it hears of it once.
    await clearAll();
    const answer = await reply(ada, note.id, "agreed");
    await clearAll();
    await edit(ada, answer.id, { body: "agreed, @Ben and @Chen" });
    expect(await unread(chen)).toBe(1);
    expect(await unread(ben)).toBe(1);
    expect((await listNotifications(ben)).items[0].kind).toBe("mention");
  });

  it("tell nobody when the words stay, and only the note's audience who can read it, as on create", async () => {
    await clearAll();
    const note = await annotate(ben, slug, { group: seminar.id }, "@Chen first");
    await clearAll();
    await edit(ben, note.id, { tags: ["kept"], color: "blue" });
    await edit(ben, note.id, { body: "@Chen first" }); // the same words
    expect(await unread(chen)).toBe(0);

    // An instructors-only note reaches the staff only; an id outside the group reaches nobody; a private note nobody.
    const staffNote = await annotate(ben, slug, { instructors: seminar.id }, "for the staff");
    await edit(ben, staffNote.id, { body: "for the staff: @Chen @Dr Teacher @Ola Outsider", mentions: [chen.id, outsider.id] });
    expect(await unread(chen)).toBe(0);
    expect(await unread(outsider)).toBe(0);
    expect(await unread(teacher)).toBe(1);
    const privateNote = await annotate(ben, slug, "private", "mine");
    await edit(ben, privateNote.id, { body: "mine, @Chen", mentions: [chen.id] });
    expect(await unread(chen)).toBe(0);

    // Moved into the group with its words unchanged: the "@Chen" written privately tells him nothing now.
    await edit(ben, privateNote.id, { visibility: { group: seminar.id } });
    expect(await unread(chen)).toBe(0);
  });

  it("take chosen members only with new words", () => {
    expect(ZUpdateAnnotationSchema.safeParse({ mentions: [ada.id] }).success).toBe(false);
    expect(ZUpdateAnnotationSchema.safeParse({ color: "blue", mentions: [ada.id] }).success).toBe(false);
    expect(ZUpdateAnnotationSchema.safeParse({ body: "@Ada Lovelace", mentions: [ada.id] }).success).toBe(true);
  });
});

describe("reading notifications", () => {
  it("marks some or all read, ignores others' ids, and hides what is no longer readable", async () => {
    await clearAll();
    const one = await annotate(ada, slug, { group: seminar.id }, "one");
    const two = await annotate(ada, slug, { group: seminar.id }, "two");
    await reply(ben, one.id, "r1");
    await reply(chen, two.id, "r2");
    expect(await unread(ada)).toBe(2);
    const [newest, older] = (await listNotifications(ada)).items;
    expect(newest.actor.name).toBe("Chen");

    expect(await markNotificationsRead(ben, { ids: [newest.id] })).toEqual({ unreadCount: 0 });
    expect(await unread(ada)).toBe(2);
    expect(await markNotificationsRead(ada, ZMarkNotificationsReadSchema.parse({ ids: [newest.id] }))).toEqual({ unreadCount: 1 });
    expect((await listNotifications(ada)).items.find((item) => item.id === newest.id)?.isRead).toBe(true);
    expect(await markNotificationsRead(ada, ZMarkNotificationsReadSchema.parse({ all: true }))).toEqual({ unreadCount: 0 });
    expect(older.isRead).toBe(false);

    // "Mark all as read" on a page drawn before a new reply came: the new one was never seen, and stays unread.
    const shown = await listNotifications(ada);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later millisecond, as a later reply always is
    await reply(ben, two.id, "r3, after the page was drawn");
    const upTo = shown.items[0].createdAt;
    expect(await markNotificationsRead(ada, ZMarkNotificationsReadSchema.parse({ all: true, upTo }))).toEqual({ unreadCount: 1 });
    expect((await listNotifications(ada)).items[0]).toMatchObject({ isRead: false, actor: { name: "Ben" } });
    expect(() => ZMarkNotificationsReadSchema.parse({ all: true, upTo: "yesterday" })).toThrow();

    // Chen mentions Ben in a thread that an instructor then hides: Ben keeps the notification, not the text.
    const hidden = await annotate(chen, slug, { group: seminar.id }, "@Ben look");
    await hideAnnotation(teacher, hidden.id);
    expect((await listNotifications(ben)).items[0]).toMatchObject({ kind: "mention", annotation: null });

    expect(() => ZMarkNotificationsReadSchema.parse({})).toThrow();
    const error = await listNotifications(null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("UNAUTHENTICATED");
  });
});

import { describe, expect, it } from "vitest";
import { annotation, reply } from "@/tests/factories/annotation-dtos";
import type { LiveAnnotationMessage } from "@/lib/live/protocol";
import {
  annotationReducer,
  initialAnnotationState,
  isOwnChange,
  isOwnEcho,
  mergeRemote,
  type AnnotationAction,
  type AnnotationState,
} from "./annotation-state";
import type { AnnotationDto } from "./types";

const ME = { id: "user-me", name: "Me" };
const AYESHA = { id: "user-ayesha", name: "Ayesha" };
const at = (minute: number) => `2025-01-02T10:${String(minute).padStart(2, "0")}:00.000Z`;

// --- Building blocks for the tables ------------------------------------------------------------

const mineAt = (id: string, start: number, body: string, extra: Partial<AnnotationDto> = {}) =>
  annotation({ id, start, body, author: ME, ...extra });
const theirs = (id: string, start: number, body: string, extra: Partial<AnnotationDto> = {}) =>
  annotation({ id, start, body, author: AYESHA, ...extra });

const live = (
  kind: LiveAnnotationMessage["kind"],
  item: AnnotationDto,
  actor: { id: string },
  parent: AnnotationDto | null = null,
): AnnotationAction => ({
  type: "remoteAnnotation",
  message: { kind, change: kind === "updated" ? "edited" : kind, annotation: item, parent, isMine: actor.id === ME.id, clientToken: null },
});
/** The stream's echo of my own create or reply: it carries the client token my request sent. */
const echo = (token: string, item: AnnotationDto, parent: AnnotationDto | null = null): AnnotationAction => ({
  type: "remoteAnnotation",
  message: { kind: "created", change: "created", annotation: item, parent, isMine: true, clientToken: token },
});
const removed = (id: string, parentId: string | null = null): AnnotationAction => ({ type: "remoteRemoved", id, parentId });
const localCreate = (token: string, start: number, body: string): AnnotationAction => ({
  type: "localCreate",
  token,
  optimistic: mineAt(`pending-${token}`, start, body, { createdAt: at(30), updatedAt: at(30) }),
});
const localReply = (token: string, parentId: string, body: string): AnnotationAction => ({
  type: "localReply",
  token,
  optimistic: reply({ id: `pending-${token}`, parentId, body, author: ME, createdAt: at(30) }),
});
const saved = (token: string, item: AnnotationDto): AnnotationAction => ({ type: "saved", token, saved: item });

/** The list as one line per card: `id "body"`, with its reply count and "deleted" when they apply. */
function cards(state: AnnotationState): string[] {
  return state.annotations.map(
    (item) => `${item.id} "${item.body}"${item.replyCount ? ` +${item.replyCount}` : ""}${item.isDeleted ? " deleted" : ""}`,
  );
}
function thread(state: AnnotationState, id: string): string[] | undefined {
  return state.threads[id]?.map((item) => `${item.id} "${item.body}"`);
}

function run(initial: AnnotationDto[], actions: AnnotationAction[], setUp: (state: AnnotationState) => AnnotationState = (state) => state) {
  return actions.reduce(annotationReducer, setUp(initialAnnotationState(initial)));
}

const withThread = (id: string, replies: AnnotationDto[]) => (state: AnnotationState) =>
  annotationReducer(state, { type: "threadLoaded", id, replies });

// --- The tables ----------------------------------------------------------------------------------

/** What the stream sent before a reconnect, and sends again after it (Last-Event-ID one too early). */
const replayed = () => [
  live("created", theirs("b", 10, "new"), AYESHA),
  live("updated", theirs("b", 10, "new, edited", { updatedAt: at(4) }), AYESHA),
  removed("c"),
];

type Row = { name: string; initial: AnnotationDto[]; actions: AnnotationAction[]; expected: string[] };

const listRows: Row[] = [
  {
    name: "local create shows at once, then the POST's answer replaces it, and the stream's echo changes nothing",
    initial: [theirs("b", 100, "later in the text")],
    actions: [localCreate("t1", 10, "my note"), saved("t1", mineAt("a", 10, "my note")), echo("t1", mineAt("a", 10, "my note"))],
    expected: ['a "my note"', 'b "later in the text"'],
  },
  {
    name: "a note deleted while it waits to be saved (offline) goes, and neither its create's answer nor the stream's echo brings it back",
    initial: [theirs("b", 100, "later in the text")],
    actions: [
      localCreate("t1", 10, "written offline"),
      { type: "deleted", annotation: mineAt("pending-t1", 10, "written offline"), isKeptForReplies: false },
      echo("t1", mineAt("a", 10, "written offline")),
      saved("t1", mineAt("a", 10, "written offline")),
    ],
    expected: ['b "later in the text"'],
  },
  {
    name: "the echo arrives before the POST returns: it replaces the optimistic card at once",
    initial: [],
    actions: [localCreate("t1", 10, "my note"), echo("t1", mineAt("a", 10, "my note"))],
    expected: ['a "my note"'],
  },
  {
    name: "the echo arrives before the POST returns, and the answer does not double it",
    initial: [],
    actions: [localCreate("t1", 10, "my note"), echo("t1", mineAt("a", 10, "my note")), saved("t1", mineAt("a", 10, "my note"))],
    expected: ['a "my note"'],
  },
  {
    name: "someone else's identical annotation is not mistaken for my echo",
    initial: [],
    actions: [localCreate("t1", 10, "same words"), live("created", theirs("x", 10, "same words"), AYESHA)],
    expected: ['x "same words"', 'pending-t1 "same words"'],
  },
  {
    name: "an echo of another of my creates (other passage) leaves the pending card alone",
    initial: [],
    actions: [localCreate("t1", 10, "first"), live("created", mineAt("other-tab", 50, "first"), ME)],
    expected: ['pending-t1 "first"', 'other-tab "first"'],
  },
  {
    name: "a duplicate event leaves one card",
    initial: [],
    actions: [live("created", theirs("x", 5, "hello"), AYESHA), live("created", theirs("x", 5, "hello"), AYESHA)],
    expected: ['x "hello"'],
  },
  {
    name: "new annotations from the stream go in document order",
    initial: [theirs("a", 0, "first"), theirs("c", 200, "third")],
    actions: [live("created", theirs("b", 100, "second"), AYESHA)],
    expected: ['a "first"', 'b "second"', 'c "third"'],
  },
  {
    name: "a stale event, older than what we have, does not undo a later edit",
    initial: [theirs("x", 5, "edited", { updatedAt: at(5) })],
    actions: [live("updated", theirs("x", 5, "original", { updatedAt: at(1) }), AYESHA)],
    expected: ['x "edited"'],
  },
  {
    name: "a newer event does apply",
    initial: [theirs("x", 5, "edited", { updatedAt: at(5) })],
    actions: [live("updated", theirs("x", 5, "edited again", { updatedAt: at(9) }), AYESHA)],
    expected: ['x "edited again"'],
  },
  {
    name: "my unconfirmed edit is not overwritten by the stream; the server's answer then wins",
    initial: [mineAt("a", 5, "before", { updatedAt: at(1) })],
    actions: [
      { type: "localUpdate", token: "u1", id: "a", patch: { body: "my edit" } },
      live("updated", mineAt("a", 5, "from another tab", { updatedAt: at(2) }), ME),
      saved("u1", mineAt("a", 5, "my edit", { updatedAt: at(3) })),
    ],
    expected: ['a "my edit"'],
  },
  {
    name: "an edit the server refused stays on screen as typed, whatever the stream says",
    initial: [mineAt("a", 5, "before")],
    actions: [
      { type: "localUpdate", token: "u1", id: "a", patch: { body: "too long" } },
      { type: "saveFailed", token: "u1", message: "The comment is too long.", isRetrying: false, isOffline: false },
      live("updated", mineAt("a", 5, "server's", { updatedAt: at(9) }), ME),
    ],
    expected: ['a "too long"'],
  },
  {
    name: "a remote delete of something I am editing removes it, and the refused save does not bring it back",
    initial: [theirs("x", 5, "shared"), mineAt("a", 9, "mine")],
    actions: [
      { type: "localUpdate", token: "u1", id: "x", patch: { body: "my edit" } },
      removed("x"),
      { type: "saveFailed", token: "u1", message: "Not found.", isRetrying: false, isOffline: false },
    ],
    expected: ['a "mine"'],
  },
  {
    name: "what I am deleting is not brought back by a late or replayed event",
    initial: [mineAt("a", 5, "going")],
    actions: [
      { type: "deleteStarted", id: "a" },
      live("updated", mineAt("a", 5, "going", { updatedAt: at(9) }), ME),
      { type: "deleted", annotation: mineAt("a", 5, "going"), isKeptForReplies: false },
      live("created", mineAt("a", 5, "going"), ME),
    ],
    expected: [],
  },
  {
    name: "a failed delete keeps the card, and later events apply again",
    initial: [mineAt("a", 5, "staying")],
    actions: [
      { type: "deleteStarted", id: "a" },
      { type: "deleteFailed", id: "a" },
      live("updated", mineAt("a", 5, "changed", { updatedAt: at(9) }), ME),
    ],
    expected: ['a "changed"'],
  },
  {
    name: "a delete kept for its replies shows as deleted, and its later updates still arrive",
    initial: [mineAt("a", 5, "with replies", { replyCount: 2 })],
    actions: [
      { type: "deleteStarted", id: "a" },
      { type: "deleted", annotation: mineAt("a", 5, "with replies"), isKeptForReplies: true },
      live("updated", mineAt("a", 5, "", { replyCount: 3, isDeleted: true, updatedAt: at(9) }), AYESHA),
    ],
    expected: ['a "" +3 deleted'],
  },
  {
    name: "a replay after a reconnect (the same events again) changes nothing",
    initial: [theirs("c", 50, "to be removed")],
    actions: [...replayed(), ...replayed()],
    expected: ['b "new, edited"'],
  },
  {
    name: "a create the server refused stays visible until discarded",
    initial: [],
    actions: [
      localCreate("t1", 10, "refused"),
      { type: "saveFailed", token: "t1", message: "No.", isRetrying: false, isOffline: false },
      live("created", mineAt("a", 10, "refused"), ME), // not its echo any more: it was never saved
      { type: "discarded", id: "pending-t1" },
    ],
    expected: ['a "refused"'],
  },
  {
    name: "a reset reloads the list but keeps my unsaved cards and unconfirmed edits, and not what I deleted",
    initial: [mineAt("a", 5, "old"), mineAt("d", 7, "deleting"), theirs("gone", 8, "deleted elsewhere")],
    actions: [
      localCreate("t1", 20, "unsaved"),
      { type: "localUpdate", token: "u1", id: "a", patch: { body: "my edit" } },
      { type: "deleteStarted", id: "d" },
      { type: "reloaded", items: [mineAt("a", 5, "server's"), mineAt("d", 7, "deleting"), theirs("new", 9, "arrived while away")] },
    ],
    expected: ['a "my edit"', 'new "arrived while away"', 'pending-t1 "unsaved"'],
  },
];

describe("annotationReducer: the list the reading page holds", () => {
  it.each(listRows)("$name", ({ initial, actions, expected }) => {
    expect(cards(run(initial, actions))).toEqual(expected);
  });
});

type ThreadRow = { name: string; actions: AnnotationAction[]; expected: { card: string; thread?: string[] } };

const root = theirs("root", 0, "question");
const replyBy = (id: string, author: { id: string; name: string }, body: string, createdAt = at(10)) =>
  reply({ id, parentId: "root", author, body, createdAt });
const rootWith = (replyCount: number, extra: Partial<AnnotationDto> = {}) =>
  theirs("root", 0, "question", { replyCount, updatedAt: at(replyCount), ...extra });

const threadRows: ThreadRow[] = [
  {
    name: "someone's reply raises the count to the server's, once, however often it is told",
    actions: [
      live("created", replyBy("r1", AYESHA, "answer"), AYESHA, rootWith(1)),
      live("created", replyBy("r1", AYESHA, "answer"), AYESHA, rootWith(1)),
    ],
    expected: { card: 'root "question" +1', thread: ['r1 "answer"'] },
  },
  {
    name: "a removed reply lowers the count once, even when the removal is replayed",
    actions: [
      live("created", replyBy("r1", AYESHA, "answer"), AYESHA, rootWith(1)),
      live("created", replyBy("r2", AYESHA, "another", at(11)), AYESHA, rootWith(2)),
      removed("r1", "root"),
      removed("r1", "root"),
    ],
    expected: { card: 'root "question" +1', thread: ['r2 "another"'] },
  },
  {
    name: "a reply hidden then restored counts again",
    actions: [
      live("created", replyBy("r1", AYESHA, "a"), AYESHA, rootWith(1)),
      removed("r1", "root"),
      live("updated", replyBy("r1", AYESHA, "a"), AYESHA, rootWith(1, { updatedAt: at(5) })),
    ],
    expected: { card: 'root "question" +1', thread: ['r1 "a"'] },
  },
  {
    name: "my reply: the echo beats the POST's answer; one reply, counted once",
    actions: [localReply("t1", "root", "mine"), echo("t1", replyBy("r1", ME, "mine"), rootWith(1)), saved("t1", replyBy("r1", ME, "mine"))],
    expected: { card: 'root "question" +1', thread: ['r1 "mine"'] },
  },
  {
    name: "my reply: the POST's answer first counts it, and the later echo does not count it again",
    actions: [localReply("t1", "root", "mine"), saved("t1", replyBy("r1", ME, "mine")), echo("t1", replyBy("r1", ME, "mine"), rootWith(1))],
    expected: { card: 'root "question" +1', thread: ['r1 "mine"'] },
  },
  {
    name: "replies arrive in the order they were written, and loading the thread keeps my unsent reply",
    actions: [
      live("created", replyBy("r2", AYESHA, "second", at(12)), AYESHA, rootWith(1)),
      localReply("t1", "root", "unsent"),
      { type: "threadLoaded", id: "root", replies: [replyBy("r1", AYESHA, "first", at(11)), replyBy("r2", AYESHA, "second", at(12))] },
      live("created", replyBy("r0", AYESHA, "zeroth", at(1)), AYESHA, rootWith(3)),
    ],
    expected: { card: 'root "question" +3', thread: ['r0 "zeroth"', 'r1 "first"', 'r2 "second"', 'pending-t1 "unsent"'] },
  },
  {
    // A reply that moves in the list is taken out of the page and put back: the browser takes the
    // focus from whatever the reader had on it (its Edit button, its edit box).
    name: "my first reply's echo, then my second reply, then the first's answer: the first stays first",
    actions: [
      localReply("t1", "root", "first"),
      echo("t1", replyBy("r1", ME, "first", at(11)), rootWith(1)),
      localReply("t2", "root", "second"),
      saved("t1", replyBy("r1", ME, "first", at(11))),
    ],
    expected: { card: 'root "question" +1', thread: ['r1 "first"', 'pending-t2 "second"'] },
  },
  {
    name: "my edit of an earlier reply, saved: it keeps its place in the thread",
    actions: [
      { type: "threadLoaded", id: "root", replies: [replyBy("r1", ME, "first", at(11)), replyBy("r2", AYESHA, "second", at(12))] },
      { type: "localUpdate", token: "u1", id: "r1", patch: { body: "first, edited" } },
      saved("u1", replyBy("r1", ME, "first, edited", at(11))),
    ],
    expected: { card: 'root "question"', thread: ['r1 "first, edited"', 'r2 "second"'] },
  },
  {
    name: "a reply while I edit the thread's root: my text stays, the count is the server's",
    actions: [
      { type: "localUpdate", token: "u1", id: "root", patch: { body: "my edit" } },
      live("created", replyBy("r1", AYESHA, "answer"), AYESHA, rootWith(1, { body: "question" })),
    ],
    expected: { card: 'root "my edit" +1', thread: ['r1 "answer"'] },
  },
];

describe("annotationReducer: threads and reply counts", () => {
  it.each(threadRows)("$name", ({ actions, expected }) => {
    const state = run([root], actions, withThread("root", []));
    expect(cards(state)).toEqual([expected.card]);
    if (expected.thread) expect(thread(state, "root")).toEqual(expected.thread);
  });

  it("a reply to a note still waiting to be saved (offline) waits under it, then moves with it to its saved id and counts there", () => {
    const note = mineAt("pending-c1", 5, "offline note");
    const answer = reply({ id: "pending-r1", parentId: "pending-c1", body: "offline reply", author: ME });
    const waiting = run(
      [],
      [
        { type: "localCreate", token: "c1", optimistic: note },
        { type: "localReply", token: "r1", optimistic: answer },
      ],
    );
    expect(thread(waiting, "pending-c1")).toEqual(['pending-r1 "offline reply"']);

    const noteSaved = annotationReducer(waiting, { type: "saved", token: "c1", saved: mineAt("a-1", 5, "offline note") });
    expect(thread(noteSaved, "pending-c1")).toBeUndefined();
    expect(thread(noteSaved, "a-1")).toEqual(['pending-r1 "offline reply"']);
    expect(noteSaved.threads["a-1"][0].parentId).toBe("a-1");

    const replySaved = annotationReducer(noteSaved, {
      type: "saved",
      token: "r1",
      saved: reply({ id: "r-1", parentId: "a-1", body: "offline reply", author: ME }),
    });
    expect(cards(replySaved)).toEqual(['a-1 "offline note" +1']);
    expect(thread(replySaved, "a-1")).toEqual(['r-1 "offline reply"']);
    expect(replySaved.pending).toEqual([]);
  });

  it("my new annotation's thread is known to be empty, pending and saved (echo first or answer first): its card never waits for replies, and a live reply shows in it", () => {
    const theirReply = reply({ id: "r-9", parentId: "a", body: "welcome", author: AYESHA });
    for (const order of [
      [saved("t1", mineAt("a", 10, "my note")), echo("t1", mineAt("a", 10, "my note"))],
      [echo("t1", mineAt("a", 10, "my note")), saved("t1", mineAt("a", 10, "my note"))],
    ]) {
      const pending = run([], [localCreate("t1", 10, "my note")]);
      expect(thread(pending, "pending-t1")).toEqual([]);
      const afterFirst = annotationReducer(pending, order[0]);
      expect(thread(afterFirst, "a")).toEqual([]);
      const state = run([], [...order, live("created", theirReply, AYESHA, mineAt("a", 10, "my note", { replyCount: 1 }))], () => pending);
      expect(cards(state)).toEqual(['a "my note" +1']);
      expect(thread(state, "a")).toEqual(['r-9 "welcome"']);
      expect(thread(state, "pending-t1")).toBeUndefined();
    }
    const discarded = run([], [localCreate("t1", 10, "my note"), { type: "discarded", id: "pending-t1" }]);
    expect(discarded.threads).toEqual({});
  });

  it("a reply to a thread that is not open moves the count without loading the thread", () => {
    const state = run([root], [live("created", replyBy("r1", AYESHA, "answer"), AYESHA, rootWith(1))]);
    expect(cards(state)).toEqual(['root "question" +1']);
    expect(thread(state, "root")).toBeUndefined();
  });
});

describe("annotationReducer: save states", () => {
  it("tracks a save from sending to failed (retrying) to saved", () => {
    const steps: [AnnotationAction, unknown][] = [
      [localCreate("t1", 0, "note"), undefined],
      [{ type: "sending", localId: "pending-t1" }, { status: "saving" }],
      [
        { type: "saveFailed", token: "t1", message: "Offline.", isRetrying: true, isOffline: true },
        { status: "failed", message: "Offline.", isRetrying: true, isOffline: true },
      ],
      [saved("t1", mineAt("a", 0, "note")), undefined],
    ];
    let state = initialAnnotationState([]);
    for (const [action, expected] of steps) {
      state = annotationReducer(state, action);
      expect(state.saveStates["pending-t1"]).toEqual(expected);
    }
    expect(state.pending).toEqual([]);
  });

  it("offline, every change waiting behind the first says it is kept on the device, until its own turn comes", () => {
    const offline = { status: "failed", message: "Offline.", isRetrying: true, isOffline: true } as const;
    let state = run(
      [mineAt("a", 0, "saved before")],
      [
        localCreate("t1", 5, "first"),
        { type: "saveFailed", token: "t1", message: "Offline.", isRetrying: true, isOffline: true },
        localCreate("t2", 10, "second"),
        { type: "localUpdate", token: "t3", id: "a", patch: { body: "edited offline" } },
        localReply("t4", "a", "a reply"),
      ],
    );
    expect(state.saveStates).toEqual({ "pending-t1": offline, "pending-t2": offline, a: offline, "pending-t4": offline });
    // Back online: the first is saved, the next is being sent, the rest still wait.
    state = [saved("t1", mineAt("b", 5, "first")), { type: "sending", localId: "pending-t2" } as const].reduce(annotationReducer, state);
    expect(state.saveStates).toEqual({ "pending-t2": { status: "saving" }, a: offline, "pending-t4": offline });
  });

  it("remembers the id a new note was saved under, by its pending id (its open card follows it); a reply's or an edit's save adds none", () => {
    const state = run(
      [mineAt("a", 0, "kept")],
      [
        localCreate("t1", 5, "new"),
        localReply("t2", "a", "a reply"),
        { type: "localUpdate", token: "t3", id: "a", patch: { body: "kept, edited" } },
        saved("t1", mineAt("b", 5, "new")),
        saved("t2", reply({ id: "r", parentId: "a", body: "a reply", author: ME, createdAt: at(31) })),
        saved("t3", mineAt("a", 0, "kept, edited")),
      ],
    );
    expect(state.savedIds).toEqual({ "pending-t1": "b" });
    expect(state.annotations.map((item) => item.id)).toEqual(["a", "b"]);
  });

  it("remembers it when the stream's echo beats the POST's answer too", () => {
    const echoed = run([], [localCreate("t1", 5, "new"), echo("t1", mineAt("b", 5, "new"))]);
    expect(echoed.savedIds).toEqual({ "pending-t1": "b" });
    expect(annotationReducer(echoed, saved("t1", mineAt("b", 5, "new"))).savedIds).toEqual({ "pending-t1": "b" });
    expect(cards(echoed)).toEqual(['b "new"']);
  });

  it("applies what the server already did (a helpful mark) without making it pending", () => {
    const state = run([theirs("x", 0, "note")], [{ type: "patched", id: "x", patch: { helpfulCount: 1, isHelpfulToMe: true } }]);
    expect(state.annotations[0]).toMatchObject({ helpfulCount: 1, isHelpfulToMe: true });
    expect(state.pending).toEqual([]);
  });
});

describe("which live messages are my own", () => {
  const message = (item: AnnotationDto, isMine: boolean, clientToken: string | null): LiveAnnotationMessage => ({
    kind: "created",
    change: "created",
    annotation: item,
    parent: null,
    isMine,
    clientToken,
  });

  it("isOwnChange: the server says, per subscriber", () => {
    expect(isOwnChange({ isMine: true })).toBe(true);
    expect(isOwnChange({ isMine: false })).toBe(false);
  });

  it("isOwnEcho: my pending create matches the echo carrying its client token, and nothing else", () => {
    const pending = { kind: "create" as const, token: "t1", optimistic: mineAt("pending-t1", 10, "note") };
    expect(isOwnEcho(pending, message(mineAt("a", 10, "note"), true, "t1"))).toBe(true);
    // Same passage and words from another of my tabs: another token, so another note.
    expect(isOwnEcho(pending, message(mineAt("a", 10, "note"), true, "t2"))).toBe(false);
    // The echo of an edit carries no token.
    expect(isOwnEcho(pending, { ...message(mineAt("a", 10, "note"), true, null), kind: "updated", change: "edited" })).toBe(false);
    // Someone else's note never is, whatever it says.
    expect(isOwnEcho(pending, message(theirs("a", 10, "note"), false, "t1"))).toBe(false);
    const pendingReply = {
      kind: "reply" as const,
      token: "r1",
      optimistic: reply({ id: "pending-r1", parentId: "root", body: "x", author: ME }),
    };
    expect(isOwnEcho(pendingReply, message(reply({ id: "r", parentId: "root", body: "x", author: ME }), true, "r1"))).toBe(true);
  });
});

describe("mergeRemote", () => {
  it("keeps the reader's own helpful mark, which the stream does not know", () => {
    const current = annotation({ id: "a", helpfulCount: 1, isHelpfulToMe: true });
    const incoming = annotation({ id: "a", helpfulCount: 2, updatedAt: at(3) });
    expect(mergeRemote([current], incoming, undefined, true)[0]).toMatchObject({ helpfulCount: 2, isHelpfulToMe: true });
  });
});

describe("bodyHtml, what a card shows", () => {
  it("shows my edit as escaped plain text until the server's answer brings it rendered", () => {
    const rendered = "<p><strong>bold</strong> &#x3C;b></p>";
    let state = initialAnnotationState([mineAt("a", 5, "before")]);
    state = annotationReducer(state, { type: "localUpdate", token: "u1", id: "a", patch: { body: "**bold** <b>" } });
    expect(state.annotations[0].bodyHtml).toBe("<p>**bold** &lt;b&gt;</p>");
    state = annotationReducer(state, saved("u1", mineAt("a", 5, "**bold** <b>", { bodyHtml: rendered, updatedAt: at(3) })));
    expect(state.annotations[0].bodyHtml).toBe(rendered);
  });
});

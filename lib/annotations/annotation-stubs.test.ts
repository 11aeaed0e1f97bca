import { describe, expect, it } from "vitest";
import { annotation } from "@/tests/factories/annotation-dtos";
import { annotationReducer, initialAnnotationState } from "./annotation-state";
import { decodeStubs, encodeStubs, isSameStubs, matchesStubFilter, mergeStubs, stubOf, type AnnotationStub } from "./annotation-stubs";
import { NO_FILTER } from "./annotation-filter";

const ME = { id: "user-me", name: "Me" };
const AYESHA = { id: "user-ayesha", name: "Ayesha" };

const stub = (id: string, start: number, extra: Partial<AnnotationStub> = {}): AnnotationStub => ({
  id,
  start,
  end: start + 5,
  color: "yellow",
  author: AYESHA,
  visibility: "everyone",
  groupId: null,
  tags: [],
  isDeleted: false,
  ...extra,
});

describe("stubs", () => {
  it("come back from their compact form exactly as they went in: every colour or none, scopes, tags, deleted", () => {
    const stubs = [
      stub("a", 0, { color: null, tags: ["term", "two words"] }),
      stub("b", 3, { author: ME, visibility: "private" }),
      stub("c", 3, { visibility: "group", groupId: "g1", isDeleted: true, color: "orange" }),
      stub("d", 40, { visibility: "instructors", groupId: "g1", tags: ["term"] }),
    ];
    const encoded = encodeStubs(stubs);
    expect(encoded.authors).toEqual([
      [AYESHA.id, AYESHA.name],
      [ME.id, ME.name],
    ]);
    expect(encoded.scopes).toEqual(["everyone", "private", "group:g1", "instructors:g1"]);
    expect(decodeStubs(JSON.parse(JSON.stringify(encoded)))).toEqual(stubs);
  });

  it("are brought up to date with loaded cards: unchanged ones stay the very same objects, a moved one moves, a new one joins after its equals, a removed one leaves", () => {
    const initial = [stub("a", 0), stub("b", 10), stub("c", 20), stub("d", 30)];
    const loaded = [
      annotation({ id: "a", start: 0, exact: "abcde", author: AYESHA, color: "yellow", visibility: "everyone" }),
      annotation({ id: "b", start: 25, exact: "abcde", author: AYESHA, color: "yellow", visibility: "everyone" }),
      annotation({ id: "new", start: 20, exact: "abcde", author: ME, color: "pink", visibility: "everyone" }),
    ];
    const merged = mergeStubs(initial, loaded, new Set(["d"]));
    expect(merged.map((item) => item.id)).toEqual(["a", "c", "new", "b"]);
    expect(merged[0]).toBe(initial[0]);
    expect(merged[2]).toEqual(stubOf(loaded[2]));
    expect(isSameStubs(mergeStubs(initial, loaded.slice(0, 1), new Set()), initial)).toBe(true);
  });

  it("answer the sidebar's filters but the search, which the server's matching ids answer", () => {
    const mine = stub("m", 0, { author: ME, color: "pink", tags: ["term"], visibility: "group", groupId: "g1" });
    const other = stub("o", 5, { visibility: "everyone" });
    const filter = (patch: Partial<typeof NO_FILTER>) => ({ ...NO_FILTER, scope: "everyone" as const, ...patch });
    const ids = (patch: Partial<typeof NO_FILTER>, matching: ReadonlySet<string> | null = null) =>
      [mine, other].filter((item) => matchesStubFilter(item, filter(patch), ME.id, matching)).map((item) => item.id);
    expect(ids({})).toEqual(["m", "o"]);
    expect(ids({ scope: "mine" })).toEqual(["m"]);
    expect(ids({ show: "group:g1" })).toEqual(["m"]);
    expect(ids({ color: "yellow" })).toEqual(["o"]);
    expect(ids({ tag: "term" })).toEqual(["m"]);
    expect(ids({ authorId: AYESHA.id })).toEqual(["o"]);
    expect(ids({ query: "anything" }, new Set(["o"]))).toEqual(["o"]);
  });

  it("leave with a removed annotation and come back with it: the reducer keeps which ones left", () => {
    const kept = annotation({ id: "k", start: 5, author: AYESHA });
    let state = initialAnnotationState([]);
    state = annotationReducer(state, { type: "loaded", items: [kept] });
    expect(state.annotations.map((item) => item.id)).toEqual(["k"]);
    state = annotationReducer(state, { type: "remoteRemoved", id: "k", parentId: null });
    expect([...state.removed]).toEqual(["k"]);
    // A window fetched before the removal does not bring it back; a restore does.
    state = annotationReducer(state, { type: "loaded", items: [kept] });
    expect(state.annotations).toEqual([]);
    state = annotationReducer(state, { type: "restored", annotation: kept });
    expect(state.annotations.map((item) => item.id)).toEqual(["k"]);
    expect(state.removed.size).toBe(0);
  });
});

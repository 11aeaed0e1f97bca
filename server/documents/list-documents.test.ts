// The library's search, group filter and sort, on the real database: each search word must appear
// in the title, the author or the text, in any case, and a search never finds a reading the
// viewer may not read (server/authz readableDocumentsWhere still decides).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { article, createGroup, createReading, createUsers } from "@/tests/factories";
import { listDocuments, type LibraryQuery } from "./list-documents";

let people: Record<"owner" | "member" | "outsider", { id: string }>;
let seminar: { id: string };

beforeAll(async () => {
  people = await createUsers(["owner", "member", "outsider"], "library-search.example");
  seminar = await createGroup(people.owner, { members: { member: [people.member] } });
  const readings = {
    private: await createReading(people.owner, "lib-private"),
    group: await createReading(people.owner, "lib-group", { visibility: "group", groupId: seminar.id }),
    public: await createReading(people.owner, "lib-public", { visibility: "public" }),
  };
  await db.document.update({ where: { id: readings.private.id }, data: { title: "Zebra Migration Notes", author: "A. Author" } });
  await db.document.update({ where: { id: readings.group.id }, data: { title: "Aardvark Field Guide", author: "Ngozi Okafor" } });
  await db.document.update({ where: { id: readings.public.id }, data: { title: "Public Reader", author: null } });
  // A word only the public reading's text holds.
  await db.documentVersion.updateMany({ where: { documentId: readings.public.id }, data: { text: `${article.text} quixotryx` } });
});
afterAll(() => db.$disconnect());

/** The slugs this test made that the viewer finds, in the order listed. */
async function found(viewer: { id: string } | null, query: LibraryQuery, filter: "all" | "mine" | "group" | "public" = "all") {
  return (await listDocuments(viewer, filter, query)).map((document) => document.slug).filter((slug) => slug.startsWith("lib-"));
}

describe("listDocuments: search, group, sort", () => {
  it("finds a word in the title or the author, in any case, only where the viewer may read", async () => {
    expect(await found(people.owner, { search: "zEbRa" })).toEqual(["lib-private"]);
    expect(await found(people.member, { search: "zebra" })).toEqual([]);
    expect(await found(people.member, { search: "okafor" })).toEqual(["lib-group"]);
    expect(await found(people.outsider, { search: "okafor" })).toEqual([]);
    expect(await found(null, { search: "okafor" })).toEqual([]);
  });

  it("finds a word in the text, and needs every word of the search", async () => {
    expect(await found(people.outsider, { search: "QUIXOTRYX" })).toEqual(["lib-public"]);
    expect(await found(null, { search: "quixotryx" })).toEqual(["lib-public"]);
    expect(await found(people.owner, { search: "zebra quixotryx" })).toEqual([]);
    expect(await found(people.owner, { search: "  field   guide " })).toEqual(["lib-group"]);
    expect(await found(people.owner, { search: "" })).toHaveLength(3);
  });

  it("narrows to one group's readings, for its members only", async () => {
    expect(await found(people.member, { groupId: seminar.id })).toEqual(["lib-group"]);
    expect(await found(people.owner, { groupId: seminar.id, search: "aardvark" })).toEqual(["lib-group"]);
    expect(await found(people.outsider, { groupId: seminar.id })).toEqual([]);
    expect(await found(people.owner, { groupId: seminar.id }, "public")).toEqual([]);
  });

  it("sorts by title on request", async () => {
    expect(await found(people.owner, { sort: "title" })).toEqual(["lib-group", "lib-public", "lib-private"]);
  });
});

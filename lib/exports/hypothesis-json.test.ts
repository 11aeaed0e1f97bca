import { describe, expect, it } from "vitest";
import { toHypothesisExport } from "./hypothesis-json";
import { annotation, EXPORTED_AT, notes, ORIGIN, reply } from "@/tests/factories/annotation-dtos";

const options = { origin: ORIGIN, viewerId: "user-ayesha", exportedAt: EXPORTED_AT, clientVersion: "marginalia-test" };

describe("toHypothesisExport", () => {
  it("writes Hypothesis's export envelope", () => {
    const exported = toHypothesisExport([], options);
    expect(exported).toEqual({
      export_date: "2025-03-04T05:06:07.000Z",
      export_userid: "acct:user-ayesha@marginalia",
      client_version: "marginalia-test",
      annotations: [],
    });
  });

  it("maps an annotation to h's API shape with quote and position selectors", () => {
    const exported = toHypothesisExport(
      [
        notes({
          annotations: [
            annotation({ id: "a1", exact: "the passage", start: 40, body: "My *note*", tags: ["evidence"], visibility: "everyone" }),
          ],
        }),
      ],
      options,
    );
    expect(exported.annotations).toEqual([
      {
        id: "a1",
        created: "2025-01-02T10:00:00.000Z",
        updated: "2025-01-02T10:00:00.000Z",
        user: "acct:user-ayesha@marginalia",
        uri: "https://notes.example.edu/read/essay",
        text: "My *note*",
        tags: ["evidence"],
        group: "__world__",
        permissions: {
          read: ["group:__world__"],
          update: ["acct:user-ayesha@marginalia"],
          delete: ["acct:user-ayesha@marginalia"],
        },
        target: [
          {
            source: "https://notes.example.edu/read/essay",
            selector: [
              { type: "TextQuoteSelector", exact: "the passage", prefix: "before ", suffix: " after" },
              { type: "TextPositionSelector", start: 40, end: 51 },
            ],
          },
        ],
        document: { title: ["An Essay"] },
        links: {
          html: "https://notes.example.edu/read/essay?annotation=a1",
          incontext: "https://notes.example.edu/read/essay?annotation=a1",
        },
        marginalia: { color: "yellow", audience: "Everyone signed in" },
        user_info: { display_name: "Ayesha" },
        hidden: false,
        flagged: false,
      },
    ]);
  });

  it("makes a private annotation and its replies readable only by the thread's author", () => {
    const exported = toHypothesisExport(
      [notes({ annotations: [annotation({ id: "a1" })], replies: [reply({ id: "r1", parentId: "a1", body: "a reply" })] })],
      options,
    );
    const [root, child] = exported.annotations;
    expect(root.permissions.read).toEqual(["acct:user-ayesha@marginalia"]);
    expect(child).toMatchObject({
      id: "r1",
      user: "acct:user-bilal@marginalia",
      text: "a reply",
      references: ["a1"],
      target: [{ source: "https://notes.example.edu/read/essay" }],
      permissions: { read: ["acct:user-ayesha@marginalia"], update: ["acct:user-bilal@marginalia"] },
    });
    expect(root).not.toHaveProperty("references");
    // A reply has no highlight, so no colour; it has its thread's readers.
    expect(root.marginalia).toEqual({ color: "yellow", audience: "Only me" });
    expect(child.marginalia).toEqual({ audience: "Only me" });
  });

  it("says a group's note is its author's in h's terms, and names the group in ours; feedback is for the student and its writer", () => {
    const group = { visibility: "group" as const, groupId: "g1", groupName: "Seminar A" };
    const exported = toHypothesisExport(
      [
        notes({
          annotations: [annotation({ id: "a1", visibility: "everyone" }), annotation({ id: "a2", ...group })],
          replies: [
            reply({
              id: "f1",
              parentId: "a1",
              isFeedback: true,
              feedbackOn: { id: "a1", author: { id: "user-ayesha", name: "Ayesha" }, isReply: false },
            }),
            reply({ id: "r2", parentId: "a2", ...group }),
          ],
        }),
      ],
      options,
    );
    expect(exported.annotations.map((item) => [item.id, item.permissions.read, item.marginalia?.audience])).toEqual([
      ["a1", ["group:__world__"], "Everyone signed in"],
      ["f1", ["acct:user-ayesha@marginalia", "acct:user-bilal@marginalia"], "Feedback to Ayesha (they and the instructors)"],
      ["a2", ["acct:user-ayesha@marginalia"], "Group: Seminar A"],
      ["r2", ["acct:user-ayesha@marginalia"], "Group: Seminar A"],
    ]);
  });

  it("lists each thread followed by its replies, and leaves out a deleted annotation with its replies (references to nothing)", () => {
    const exported = toHypothesisExport(
      [
        notes({
          annotations: [annotation({ id: "a1" }), annotation({ id: "gone", isDeleted: true }), annotation({ id: "a3" })],
          replies: [reply({ id: "r-gone", parentId: "gone" }), reply({ id: "r-a1", parentId: "a1" })],
        }),
        notes({ document: { slug: "other", title: "Other", author: null }, annotations: [annotation({ id: "b1" })] }),
      ],
      options,
    );
    expect(exported.annotations.map((item) => item.id)).toEqual(["a1", "r-a1", "a3", "b1"]);
    expect(exported.annotations.at(-1)).toMatchObject({ uri: "https://notes.example.edu/read/other", document: { title: ["Other"] } });
  });

  it("serialises to JSON without losing anything", () => {
    const exported = toHypothesisExport([notes({ annotations: [annotation({ id: "a1", body: 'ünïcode \u2028 "quotes"' })] })], options);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
  });
});

import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { annotation, ORIGIN, reply } from "@/tests/factories/annotation-dtos";
import { toAnnotationCollection, toWebAnnotation } from "./web-annotation";

describe("toWebAnnotation's audience", () => {
  const seminar = { groupId: "g1", groupName: "Seminar B" };

  it("says who may read each note, in the model's audience (schema.org Audience classes)", () => {
    const audienceOf = (overrides: Parameters<typeof annotation>[0]) => toWebAnnotation(annotation(overrides), ORIGIN).audience;
    expect(audienceOf({ id: "a1", visibility: "private" })).toEqual({
      type: "schema:Audience",
      "schema:audienceType": "private",
      "schema:name": "Only its author",
    });
    expect(audienceOf({ id: "a2", visibility: "group", ...seminar })).toEqual({
      id: `${ORIGIN}/groups/g1`,
      type: "schema:Audience",
      "schema:audienceType": "group",
      "schema:name": "Group: Seminar B",
    });
    expect(audienceOf({ id: "a3", visibility: "instructors", ...seminar })).toEqual({
      id: `${ORIGIN}/groups/g1#instructors`,
      type: "schema:EducationalAudience",
      "schema:audienceType": "instructors",
      "schema:name": "Instructors of Seminar B",
      "schema:educationalRole": "teacher",
    });
    expect(audienceOf({ id: "a4", visibility: "everyone" })).toEqual({
      type: "schema:Audience",
      "schema:audienceType": "everyone",
      "schema:name": "Everyone signed in",
    });
  });

  it("says a reply is for its thread's readers, and feedback for the person it is on and the instructors", () => {
    const groupReply = reply({ id: "r1", parentId: "a2", visibility: "group", ...seminar });
    expect(toWebAnnotation(groupReply, ORIGIN).audience).toMatchObject({ id: `${ORIGIN}/groups/g1`, "schema:audienceType": "group" });
    const feedback = reply({
      id: "f1",
      parentId: "a2",
      visibility: "group",
      ...seminar,
      isFeedback: true,
      feedbackOn: { id: "a2", author: { id: "user-ana", name: "Ana" }, isReply: false },
    });
    expect(toWebAnnotation(feedback, ORIGIN).audience).toEqual([
      { id: `${ORIGIN}/users/user-ana`, type: "schema:Audience", "schema:audienceType": "feedback recipient", "schema:name": "Ana" },
      expect.objectContaining({ id: `${ORIGIN}/groups/g1#instructors`, "schema:audienceType": "instructors" }),
    ]);
    // For a manual check with the W3C validator: w3c-check $TMPDIR/marginalia-audiences.jsonld
    const collection = toAnnotationCollection(
      [
        annotation({ id: "a1", visibility: "private" }),
        annotation({ id: "a2", visibility: "group", ...seminar }),
        annotation({ id: "a3", visibility: "instructors", ...seminar }),
        annotation({ id: "a4", visibility: "everyone" }),
        groupReply,
        feedback,
      ],
      ORIGIN,
      `${ORIGIN}/c`,
      "Audiences",
    );
    writeFileSync(path.join(tmpdir(), "marginalia-audiences.jsonld"), JSON.stringify(collection, null, 2));
  });
});

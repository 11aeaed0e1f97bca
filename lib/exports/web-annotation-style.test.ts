import { describe, expect, it } from "vitest";
import { toWebAnnotation } from "@/lib/annotations/web-annotation";
import { annotation, ORIGIN, reply } from "@/tests/factories/annotation-dtos";
import { toStyledAnnotationCollection, toStyledWebAnnotation } from "./web-annotation-style";

describe("toStyledWebAnnotation", () => {
  it("names the highlight's colour as the target's styleClass and defines that class in the annotation's stylesheet", () => {
    const styled = toStyledWebAnnotation(annotation({ id: "a1", color: "pink" }), ORIGIN);
    expect(styled.target).toMatchObject({ source: `${ORIGIN}/read/essay`, styleClass: "pink" });
    expect(styled.stylesheet).toEqual({ type: "CssStylesheet", value: ".pink { background-color: #f06aa8; }" });
    // Everything else is toWebAnnotation's.
    const { stylesheet: _stylesheet, target: _target, ...rest } = styled;
    const { target: _plainTarget, ...plain } = toWebAnnotation(annotation({ id: "a1", color: "pink" }), ORIGIN);
    expect(rest).toEqual(plain);
  });

  it("leaves a reply (which targets its thread's IRI) as toWebAnnotation writes it", () => {
    const threadReply = reply({ id: "r1", parentId: "a1", body: "a reply" });
    expect(toStyledWebAnnotation(threadReply, ORIGIN)).toEqual(toWebAnnotation(threadReply, ORIGIN));
  });

  it("puts the styled annotations in the same collection envelope, counted", () => {
    const collection = toStyledAnnotationCollection([annotation({ id: "a1", color: "green" })], ORIGIN, `${ORIGIN}/c`, "Notes");
    expect(Object.keys(collection)).toEqual(["@context", "id", "type", "label", "total", "first"]);
    expect(collection).toMatchObject({ total: 1, first: { id: `${ORIGIN}/c#page1`, items: [{ target: { styleClass: "green" } }] } });
  });
});

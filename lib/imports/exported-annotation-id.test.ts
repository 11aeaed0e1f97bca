import { describe, expect, it } from "vitest";
import { annotationIri } from "@/lib/annotations/web-annotation";
import { exportedAnnotationId } from "./exported-annotation-id";

describe("exportedAnnotationId", () => {
  it("reads the annotation id back from our JSON-LD export's IRI, whatever the origin", () => {
    expect(exportedAnnotationId(annotationIri("https://marginalia.example", "cm1abc"))).toBe("cm1abc");
    expect(exportedAnnotationId("http://localhost:3000/base/api/annotations/cm1abc")).toBe("cm1abc");
  });

  it("takes a bare id (our Hypothesis export) and anything else as it is", () => {
    expect(exportedAnnotationId("cm1abc")).toBe("cm1abc");
    expect(exportedAnnotationId("urn:uuid:1234")).toBe("urn:uuid:1234");
    expect(exportedAnnotationId("https://x.example/api/annotations/")).toBe("https://x.example/api/annotations/");
    expect(exportedAnnotationId("https://x.example/api/annotations/a/b")).toBe("https://x.example/api/annotations/a/b");
  });
});

import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { detectAnnotationFormat, readAnnotationFile, UNKNOWN_FORMAT_MESSAGE } from "./read-annotation-file";

const quoteTarget = { selector: [{ type: "TextQuoteSelector", exact: "policy" }] };

describe("readAnnotationFile", () => {
  it("tells Hypothesis files from W3C ones by their shape", () => {
    expect(detectAnnotationFormat({ export_date: "2025-01-01", annotations: [] })).toBe("hypothesis");
    expect(detectAnnotationFormat({ total: 0, rows: [] })).toBe("hypothesis");
    expect(detectAnnotationFormat([{ uri: "https://x", user: "acct:a@hypothes.is", target: [{ source: "https://x" }] }])).toBe(
      "hypothesis",
    );
    expect(detectAnnotationFormat([{ uri: "https://x", target: [{ source: "https://x", ...quoteTarget }] }])).toBe("hypothesis");
    expect(detectAnnotationFormat({ "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationCollection" })).toBe("w3c");
    expect(detectAnnotationFormat({ type: "AnnotationPage", items: [] })).toBe("w3c");
    expect(detectAnnotationFormat([{ type: "Annotation", target: quoteTarget }])).toBe("w3c");
    expect(detectAnnotationFormat([])).toBe("w3c");
  });

  it("refuses anything else with a 400 that says which formats it takes", () => {
    for (const json of [null, 5, "text", { hello: "world" }, [{ hello: "world" }], { annotations: [] }]) {
      let caught: unknown;
      try {
        readAnnotationFile(json);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect(caught).toMatchObject({ code: "BAD_REQUEST", message: UNKNOWN_FORMAT_MESSAGE });
    }
  });

  it("reads with the detected reader and says which format it was", () => {
    const read = readAnnotationFile({ type: "Annotation", id: "a", target: quoteTarget });
    expect(read).toMatchObject({ format: "w3c", problems: [], items: [{ sourceId: "a", quote: { exact: "policy" } }] });
  });
});

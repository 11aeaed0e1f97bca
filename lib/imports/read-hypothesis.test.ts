import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readHypothesis } from "./read-hypothesis";

/** An annotation as the Hypothesis API and its client's export write it. */
function hypothesisAnnotation(fields: Record<string, unknown>) {
  return {
    id: "Zx1",
    created: "2024-12-09T07:17:52.000000+00:00",
    updated: "2024-12-09T07:17:52.000000+00:00",
    user: "acct:ayesha@hypothes.is",
    uri: "https://example.com/article",
    text: "A **note**",
    tags: ["policy"],
    group: "__world__",
    permissions: { read: ["group:__world__"], admin: [], update: [], delete: [] },
    target: [
      {
        source: "https://example.com/article",
        selector: [
          { type: "RangeSelector", startContainer: "/div[1]/p[2]", startOffset: 0, endContainer: "/div[1]/p[2]", endOffset: 6 },
          { type: "TextPositionSelector", start: 1200, end: 1206 },
          { type: "TextQuoteSelector", exact: "policy", prefix: "a question of ", suffix: ", not capacity" },
        ],
      },
    ],
    document: { title: ["An article"] },
    links: { html: "https://hypothes.is/a/Zx1", incontext: "https://hyp.is/Zx1/example.com/article" },
    user_info: { display_name: "Ayesha" },
    flagged: false,
    hidden: false,
    ...fields,
  };
}

const exportFile = (annotations: unknown[]) => ({
  export_date: "2025-01-02T03:04:05.000Z",
  export_userid: "acct:ayesha@hypothes.is",
  client_version: "1.1500.0",
  annotations,
});

describe("readHypothesis", () => {
  it("reads the client's export file: quote, position hint, Markdown text, tags", () => {
    const { items, problems } = readHypothesis(exportFile([hypothesisAnnotation({})]));
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        sourceId: "Zx1",
        quote: { exact: "policy", prefix: "a question of ", suffix: ", not capacity" },
        position: { start: 1200, end: 1206 },
        body: "A **note**",
        tags: ["policy"],
        creator: "acct:ayesha@hypothes.is",
        created: "2024-12-09T07:17:52.000000+00:00",
        source: { uri: "https://example.com/article", title: "An article" },
      },
    ]);
  });

  it("puts a reply in the thread of the first of its references, its root (our threads are flat)", () => {
    const reply = hypothesisAnnotation({
      id: "R2",
      text: "agreed",
      tags: [],
      references: ["Zx1", "R1"],
      target: [{ source: "https://example.com/article" }],
    });
    const [item] = readHypothesis([reply]).items;
    expect(item).toMatchObject({ sourceId: "R2", quote: null, body: "agreed", replyToSourceId: "Zx1" });
  });

  it("reads a bare array of API rows and a search response", () => {
    expect(readHypothesis([hypothesisAnnotation({})]).items).toHaveLength(1);
    expect(readHypothesis({ total: 1, rows: [hypothesisAnnotation({})] }).items).toHaveLength(1);
  });

  it("gives a page note no quote, and a highlight an empty body", () => {
    const { items } = readHypothesis([
      hypothesisAnnotation({ id: "page", target: [{ source: "https://example.com/article" }] }),
      hypothesisAnnotation({ id: "hl", text: "" }),
    ]);
    expect(items.map(({ quote, body }) => ({ hasQuote: quote !== null, body }))).toEqual([
      { hasQuote: false, body: "A **note**" },
      { hasQuote: true, body: "" },
    ]);
  });

  it("reports wrong types per item and refuses a file without an annotations array", () => {
    const { items, problems } = readHypothesis(
      exportFile([
        hypothesisAnnotation({ target: 5 }),
        hypothesisAnnotation({ id: "t", tags: "policy" }),
        hypothesisAnnotation({ id: "s", target: [{ selector: { type: "TextQuoteSelector", exact: "x" } }] }),
        hypothesisAnnotation({ id: "q", target: [{ selector: [{ type: "TextQuoteSelector", exact: null }] }] }),
      ]),
    );
    expect(items).toEqual([]);
    expect(problems).toEqual([
      "annotation 1 (Zx1): target must be an array, not a number.",
      "annotation 2 (t): tags must be an array of strings.",
      "annotation 3 (s): a target's selector must be an array, not an object.",
      "annotation 4 (q): the TextQuoteSelector's exact must be a string, not null.",
    ]);
    expect(() => readHypothesis({ export_date: "x", annotations: "nope" })).toThrow(AppError);
  });
});

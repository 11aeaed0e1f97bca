/**
 * Markdown shaped to make a parser work hard: the cases cmark's pathological tests name (nested
 * emphasis, unmatched openers and closers, nested brackets, unclosed links, backticks, many
 * references), and the shapes found slow in our own parser (a paragraph of setext lines, thousands
 * of one-letter blocks, a line ending in a carriage return alone before deep nesting). Each is
 * `unit` repeated, between an optional head and tail; `build(repeats)` makes one of any size, so
 * the test and the benchmark (scripts/bench/markdown.ts) can fill a comment or stop at a limit.
 */
export type PathologicalShape = { name: string; build: (repeats: number) => string; unitLength: number };

function repeated(name: string, unit: string, head = "", tail = ""): PathologicalShape {
  return { name, unitLength: unit.length, build: (repeats) => head + unit.repeat(repeats) + tail };
}

/** `open` repeated, a middle, then `close` as many times: nesting. */
function nested(name: string, open: string, close: string, middle: string): PathologicalShape {
  return { name, unitLength: open.length + close.length, build: (repeats) => open.repeat(repeats) + middle + close.repeat(repeats) };
}

export const PATHOLOGICAL_MARKDOWN: readonly PathologicalShape[] = [
  nested("nested strong and emphasis", "*a **a ", " a**", "b"),
  nested("nested brackets", "[", "]", "a"),
  nested("nested links", "[a ", "](b)", "c"),
  repeated("emphasis closers without openers", "a_ "),
  repeated("emphasis openers without closers", "_a "),
  repeated("mismatched openers and closers", "*a_ "),
  repeated("openers and closers, multiple of 3", "c* ", "a**b"),
  repeated("emphasis and strong alternating", "*_a"),
  repeated("link closers without openers", "a]"),
  repeated("link openers without closers", "[a"),
  repeated("link openers and emphasis closers", "[ a_"),
  repeated("[ (]( repeated", "[ (]("),
  repeated("links in emphasis", "*[a]*"),
  repeated("emphasis in links in emphasis", "*[*a*](b)*"),
  repeated("many links", "[a](b) "),
  repeated("unclosed links, angle", "[a](<b"),
  repeated("unclosed links", "[a](b"),
  repeated("unclosed code spans", "`a"),
  repeated("autolink openers", "<a"),
  repeated("many references", "[0] ", "[0]: https://example.org\n\n"),
  repeated("bare links", "https://a.co "),
  repeated("bare link openers", "http://"),
  repeated("bare www links", "www.a.co "),
  repeated("bare email addresses", "a@b.co "),
  repeated("at signs", "a@"),
  repeated("setext underline lines", "=\n"),
  repeated("one-letter lines", "a\n"),
  repeated("one-letter paragraphs", "a\n\n"),
  repeated("one-item lines of a list", "- a\n"),
  repeated("one-word headings", "# a\n"),
  repeated("quote lines", "> a\n"),
  repeated("hard breaks", "a  \n"),
  repeated("deep quote after a carriage return", ">", "a\r", " x"),
  repeated("deep list after a carriage return", "- ", "a\r", "x"),
];

/** `shape` as long as it can be within `length` characters. */
export function fill(shape: PathologicalShape, length: number): string {
  const fixed = shape.build(0).length;
  return shape.build(Math.max(1, Math.floor((length - fixed) / shape.unitLength)));
}

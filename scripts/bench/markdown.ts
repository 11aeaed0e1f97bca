// Benchmark: what rendering a comment's Markdown costs the server's event loop, for the shapes that
// make a Markdown parser work hardest (tests/pathological-markdown.ts), side by side in one run:
//   - prose:  10,000 characters of ordinary sentences (the baseline: the longest comment allowed);
//   - bare:   the shape filling a 10,000-character comment, through the parser alone, no limits
//             (what every comment cost before the limits, and what a reading's Markdown still
//             costs in the conversion worker, whose time limit contains it);
//   - full:   the same comment through renderMarkdown (shown as plain text when past the limits);
//   - edge:   the longest run of the shape still under the limits, through renderMarkdown: the
//             most a comment can cost while it is still parsed.
// Then an import's HTML comments (another tool's text/html bodies, read as Markdown on the server's
// event loop by lib/imports/read-web-annotations.ts), each 100,000 characters of markup, the most
// an import reads, beside as much ordinary HTML.
// Usage: npm run bench:markdown [-- --repeats 3]
import { fromMarkdown } from "mdast-util-from-markdown";
import { MAX_BODY_LENGTH } from "@/lib/annotations/limits";
import { htmlToMarkdown } from "@/lib/imports/read-web-annotations";
import { isTooCostlyToParse, renderMarkdown } from "@/server/markdown/render-markdown";
import { fill, PATHOLOGICAL_MARKDOWN, type PathologicalShape } from "@/tests/pathological-markdown";

const at = process.argv.indexOf("--repeats");
const REPEATS = at === -1 ? 3 : Number(process.argv[at + 1]);

/** The fastest of REPEATS runs, in milliseconds ("error" when it throws). */
function best(run: () => unknown): string {
  let fastest = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    try {
      run();
    } catch (error) {
      return `error (${(error as Error).message.slice(0, 30)})`;
    }
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest.toFixed(1);
}

/** The most repeats of `shape` that are still parsed (a binary search; the limits only grow with repeats). */
function edge(shape: PathologicalShape): string {
  let low = 0;
  let high = Math.floor(MAX_BODY_LENGTH / shape.unitLength);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const source = shape.build(middle);
    if (source.length <= MAX_BODY_LENGTH && !isTooCostlyToParse(source)) low = middle;
    else high = middle - 1;
  }
  return shape.build(low);
}

renderMarkdown("*warm* [up](https://example.org)");
const prose = "The distinction matters: *policy*, not capacity, decides what happens next. ".repeat(200).slice(0, MAX_BODY_LENGTH);
console.log(`Rendering a comment's Markdown, fastest of ${REPEATS} (ms); node ${process.version}`);
console.log(`baseline: ${MAX_BODY_LENGTH.toLocaleString("en")} characters of prose: ${best(() => renderMarkdown(prose))} ms\n`);
console.log(["shape".padEnd(40), "bare".padStart(10), "full".padStart(10), "edge".padStart(10), "edge size".padStart(11)].join(""));
let worstEdge = 0;
for (const shape of PATHOLOGICAL_MARKDOWN) {
  const full = fill(shape, MAX_BODY_LENGTH);
  const limited = edge(shape);
  const edgeTime = best(() => renderMarkdown(limited));
  worstEdge = Math.max(worstEdge, Number(edgeTime) || 0);
  console.log(
    [
      shape.name.padEnd(40),
      best(() => fromMarkdown(full)).padStart(10),
      best(() => renderMarkdown(full)).padStart(10),
      edgeTime.padStart(10),
      String(limited.length).padStart(11),
    ].join(""),
  );
}
console.log(`\nworst shape under the limits: ${worstEdge.toFixed(1)} ms; prose: see baseline`);

const MARKUP = 10 * MAX_BODY_LENGTH;
const markup = (unit: string, head = "", tail = "") =>
  head + unit.repeat(Math.floor((MARKUP - head.length - tail.length) / unit.length)) + tail;
console.log(`\nReading an import's HTML comment of ${MARKUP.toLocaleString("en")} characters as Markdown, fastest of ${REPEATS} (ms)`);
const importShapes: [string, string][] = [
  ["ordinary HTML (baseline)", markup("<p>The distinction <b>matters</b>: <a href='https://example.org'>policy</a>, not capacity.</p>")],
  ["spaces in a code block", markup(" ", "<pre>a", "b</pre>")],
  ["newlines in a code block", markup("\n", "<pre>a", "b</pre>")],
  ["lists opened in lists", markup("<ul><li>", "", "x")],
  ["list items", markup("<li>a", "<ul>")],
  ["bold opened, never closed", markup("<b>")],
  ["spaces inside emphasis", markup(" ", "<em>a", "b</em>")],
];
for (const [name, html] of importShapes) console.log(`${name.padEnd(40)}${best(() => htmlToMarkdown(html)).padStart(10)}`);

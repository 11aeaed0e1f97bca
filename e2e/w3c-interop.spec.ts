import { build } from "esbuild";
import { expect, test, type Page } from "./test";
import { annotate, createPerson } from "./factories";
import { ARTICLE, ARTICLE_PATH } from "./fixtures";

/**
 * Interoperability with an independent W3C selector implementation, Apache Annotator, run in the
 * browser against the rendered page: our stored selectors must resolve on our page with their
 * code, and selectors their code describes must anchor through our API to the same text.
 */
let apacheBundle = "";

test.beforeAll(async () => {
  const result = await build({
    stdin: {
      contents:
        'import { createTextQuoteSelectorMatcher, createTextPositionSelectorMatcher, describeTextQuote } from "@apache-annotator/dom";' +
        "window.apache = { createTextQuoteSelectorMatcher, createTextPositionSelectorMatcher, describeTextQuote };",
      resolveDir: process.cwd(),
    },
    bundle: true,
    format: "iife",
    write: false,
    logLevel: "silent",
  });
  apacheBundle = result.outputFiles[0].text;
});

type StoredSelectors = {
  id: string;
  target: { selector: [{ exact: string; prefix: string; suffix: string }, { start: number; end: number }] };
};

/** Resolves selectors with Apache Annotator inside the page; returns what each matched. */
async function resolveWithApache(page: Page, selectors: StoredSelectors[]) {
  await page.addScriptTag({ content: apacheBundle });
  return page.evaluate(async (items) => {
    type Apache = {
      createTextQuoteSelectorMatcher: (s: object) => (scope: Range) => AsyncGenerator<Range>;
      createTextPositionSelectorMatcher: (s: object) => (scope: Range) => AsyncGenerator<Range>;
    };
    const apache = (window as unknown as { apache: Apache }).apache;
    const body = document.querySelector(".reader__body")!;
    const scope = document.createRange();
    scope.selectNodeContents(body);
    const offsetOf = (range: Range) => {
      const before = document.createRange();
      before.setStart(body, 0);
      before.setEnd(range.startContainer, range.startOffset);
      return before.toString().length; // UTF-16 code units, like our TextPositionSelector
    };
    const results = [];
    for (const item of items) {
      const [quote, position] = item.target.selector;
      const quoteMatches: { text: string; start: number }[] = [];
      for await (const match of apache.createTextQuoteSelectorMatcher({ type: "TextQuoteSelector", ...quote })(scope)) {
        quoteMatches.push({ text: match.toString(), start: offsetOf(match) });
      }
      const positionMatches: string[] = [];
      for await (const match of apache.createTextPositionSelectorMatcher({ type: "TextPositionSelector", ...position })(scope)) {
        positionMatches.push(match.toString());
      }
      results.push({ id: item.id, quoteMatches, positionMatches });
    }
    return results;
  }, selectors);
}

test("every stored selector resolves on the rendered page with Apache Annotator", async ({ browser }) => {
  const { context, page } = await createPerson(browser, "w3c");
  const text = ARTICLE.text;
  const spans: [number, number][] = [
    [0, 5], // the very first word
    [text.indexOf("Pakistan’s security"), text.indexOf("Pakistan’s security") + "Pakistan’s security".length], // curly apostrophe
    [text.indexOf("do so?"), text.indexOf("This distinction") + "This distinction".length], // across a paragraph break
    [text.indexOf("TTP"), text.indexOf("TTP") + 3], // a word that repeats: prefix/suffix must disambiguate
    [text.length - "relationship.".length, text.length], // the last word
  ];
  for (const span of spans) await annotate(context, "private", { at: span });
  const { items } = (await (await context.request.get(`/api/documents/${ARTICLE.slug}/annotations?author=me`)).json()) as {
    items: StoredSelectors[];
  };
  expect(items).toHaveLength(spans.length);

  await page.goto(ARTICLE_PATH);
  const results = await resolveWithApache(page, items);
  expect(results).toHaveLength(items.length);
  for (const [index, result] of results.entries()) {
    const [quote, position] = items[index].target.selector;
    expect(result.quoteMatches, `quote of ${result.id}`).toEqual([{ text: quote.exact, start: position.start }]);
    // Apache counts positions in code points; the seed article has no astral characters, so
    // code points and UTF-16 code units agree here.
    expect(result.positionMatches, `position of ${result.id}`).toEqual([quote.exact]);
  }
  await context.close();
});

test("a selector described by Apache Annotator anchors through our API to the same text", async ({ browser }) => {
  const { context, page } = await createPerson(browser, "w3c");
  await page.goto(ARTICLE_PATH);
  await page.addScriptTag({ content: apacheBundle });
  const phrase = "calculated tolerance";
  const described = await page.evaluate(async (phrase) => {
    const apache = (window as unknown as { apache: { describeTextQuote: (range: Range, scope: Range) => Promise<object> } }).apache;
    const body = document.querySelector(".reader__body")!;
    const scope = document.createRange();
    scope.selectNodeContents(body);
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const at = node.data.indexOf(phrase);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + phrase.length);
      return apache.describeTextQuote(range, scope);
    }
    throw new Error("phrase not found");
  }, phrase);

  // Theirs, as sent by another W3C client: a TextQuoteSelector alone, with their own context.
  const response = await context.request.post(`/api/documents/${ARTICLE.slug}/annotations`, {
    data: { target: { selector: [described] }, body: "From another client" },
  });
  expect(response.status()).toBe(201);
  const created = await response.json();
  const start = ARTICLE.text.indexOf(phrase);
  expect(created.target.selector[1]).toEqual({ type: "TextPositionSelector", start, end: start + phrase.length });
  expect(created.target.selector[0].exact).toBe(phrase);
  await context.close();
});

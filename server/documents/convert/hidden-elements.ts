import "server-only";

/**
 * Takes out of a book's chapter what its reader never sees: elements with the `hidden` attribute,
 * an inline `display: none` or `visibility: hidden`, and those a top-level rule of the chapter's
 * stylesheets hides (`.pagenum { display: none }`, a common way to keep print page numbers in a
 * file). An independent check found all four kept, a hidden page number glued into the prose
 * ("chapter one.12 It continues"). Rules inside `@media` and other at-rules are left alone: what
 * one screen hides another may show (`hidingSelectors` reads them). A selector the parser cannot
 * read hides nothing.
 */
export function removeHiddenElements(
  root: ParentNode,
  hidingSelectorsOfItsStylesheets: readonly string[],
  /** Whether an element found hidden may go (a web page: not one that holds its article, see extract-html-article.ts). */
  mayRemove: (element: Element) => boolean = () => true,
): void {
  for (const element of [...root.querySelectorAll("[hidden], [style]")]) {
    if ((element.hasAttribute("hidden") || HIDING_DECLARATION.test(element.getAttribute("style") ?? "")) && mayRemove(element))
      element.remove();
  }
  for (const selector of hidingSelectorsOfItsStylesheets) {
    let hidden: Element[];
    try {
      hidden = [...root.querySelectorAll(selector)];
    } catch {
      continue;
    }
    for (const element of hidden) if (mayRemove(element)) element.remove();
  }
}

const HIDING_DECLARATION = /(?:^|[;{\s])(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|}|$)/i;

/** The selectors of a stylesheet's top-level rules that hide what they select. */
export function hidingSelectors(css: string): string[] {
  const selectors: string[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  let depth = 0;
  let ruleStart = 0;
  let prelude = "";
  for (let at = 0; at < text.length; at += 1) {
    const character = text[at];
    if (character === "{") {
      if (depth === 0) prelude = text.slice(ruleStart, at).trim();
      depth += 1;
      if (depth === 1) ruleStart = at + 1;
    } else if (character === "}") {
      depth -= 1;
      if (depth === 0) {
        const body = text.slice(ruleStart, at);
        // A top-level style rule (not an at-rule, whose body holds rules of its own).
        if (!prelude.startsWith("@") && HIDING_DECLARATION.test(`;${body};`))
          selectors.push(
            ...prelude
              .split(",")
              .map((selector) => selector.trim())
              .filter(Boolean),
          );
        ruleStart = at + 1;
      }
      if (depth < 0) depth = 0;
    } else if (character === ";" && depth === 0) {
      ruleStart = at + 1; // an @import or @charset statement
    }
  }
  return selectors;
}

import "server-only";
import { DOMParser } from "linkedom";
import { parseXml } from "./office-metadata";

/**
 * A Word document's XML made into what mammoth reads as the words a reader of the document sees.
 * mammoth (1.13) drops an element it has no reader for together with the text inside it, and shows
 * every run it reads, so on their own:
 * - simple fields (Insert Caption's "Figure 3", a cross-reference's "Table 2"), right-to-left
 *   embeddings (`w:dir`, `w:bdo`), ruby (furigana over 漢字) and equations lost their words;
 * - text hidden directly (Font ▸ Hidden) or through its character or paragraph style (an answer
 *   key, an instructor's note in a hidden style) was shown;
 * - a table of contents came through as paragraphs of page numbers ("Introduction 2").
 * What is done instead is below, element by element. The styles are read from styles.xml once
 * (readWordStyles) and also tell convert-docx.ts which paragraph styles are headings and quotes.
 */

export type WordStyles = {
  /** Character style ids whose text Word hides (the style, or one it is based on, says `vanish`). */
  hiddenRunStyles: Set<string>;
  /** Paragraph style ids whose text Word hides. */
  hiddenParagraphStyles: Set<string>;
  /** Paragraph style ids of a table of contents ("toc 1", "Contents 2", "TOC Heading"). */
  contentsStyles: Set<string>;
  /** Paragraph style names that are (or are based on) a quotation style. */
  quoteStyleNames: Set<string>;
  /**
   * Paragraph styles that are headings (built-in, based on one, or with an outline level), by id:
   * their name, their level (1–6) and the numbering the style gives them.
   */
  headingStyles: Map<string, { name: string; level: number; numbering: Numbering | null }>;
};

/** A paragraph's place in a numbered list (`w:numPr`): the list, and its level (null: the level the list gives its style). */
type Numbering = { numId: string; level: number | null };

type StyleDefinition = {
  id: string;
  type: string;
  name: string;
  basedOn: string | null;
  /** `vanish` in the style's own run properties: true, false (set off), or null (not said). */
  vanish: boolean | null;
  /** The style's own outline level (0 = level 1), or null. */
  outlineLevel: number | null;
  /** The numbering the style itself gives its paragraphs, or null. */
  numbering: Numbering | null;
};

/** Built-in and common template names of quotation styles (Word, pandoc, LibreOffice). */
const QUOTE_STYLE_NAMES = new Set(["quote", "intense quote", "block text", "quotations", "block quotation"]);
const CONTENTS_STYLE_NAME = /^(?:toc|contents) ?(?:\d+|heading)$/i;
export const HEADING_STYLE_NAME = /^heading ([1-9])$/i;
/** How far `basedOn` is followed: real chains are a few deep; a loop must end. */
const MAX_BASED_ON = 16;

export function readWordStyles(stylesXml: string | null): WordStyles {
  const styles: WordStyles = {
    hiddenRunStyles: new Set(),
    hiddenParagraphStyles: new Set(),
    contentsStyles: new Set(),
    quoteStyleNames: new Set(),
    headingStyles: new Map(),
  };
  if (!stylesXml) return styles;
  const byId = new Map<string, StyleDefinition>();
  for (const element of parseXml(stylesXml).getElementsByTagName("w:style")) {
    const id = element.getAttribute("w:styleId");
    if (!id) continue;
    const vanish = firstChild(firstChild(element, "w:rPr"), "w:vanish");
    const outline = firstChild(firstChild(element, "w:pPr"), "w:outlineLvl")?.getAttribute("w:val");
    byId.set(id, {
      id,
      type: element.getAttribute("w:type") ?? "paragraph",
      name: firstChild(element, "w:name")?.getAttribute("w:val") ?? id,
      basedOn: firstChild(element, "w:basedOn")?.getAttribute("w:val") ?? null,
      vanish: vanish ? isOn(vanish) : null,
      outlineLevel: outline !== undefined && outline !== null && /^\d$/.test(outline) ? Number(outline) : null,
      numbering: numberingOf(firstChild(element, "w:pPr")),
    });
  }
  /** The style and those it is based on, nearest first. */
  const chainOf = (style: StyleDefinition): StyleDefinition[] => {
    const chain = [style];
    for (let next = style.basedOn; next && chain.length < MAX_BASED_ON;) {
      const base = byId.get(next);
      if (!base || chain.includes(base)) break;
      chain.push(base);
      next = base.basedOn;
    }
    return chain;
  };
  for (const style of byId.values()) {
    const chain = chainOf(style);
    const hidden = chain.find((each) => each.vanish !== null)?.vanish ?? false;
    if (style.type === "character") {
      if (hidden) styles.hiddenRunStyles.add(style.id);
      continue;
    }
    if (style.type !== "paragraph") continue;
    if (hidden) styles.hiddenParagraphStyles.add(style.id);
    if (chain.some((each) => CONTENTS_STYLE_NAME.test(each.name))) {
      styles.contentsStyles.add(style.id);
      continue;
    }
    if (chain.some((each) => QUOTE_STYLE_NAMES.has(each.name.toLowerCase()))) styles.quoteStyleNames.add(style.name);
    if (/^(?:sub)?title$/i.test(style.name)) continue;
    for (const each of chain) {
      const named = HEADING_STYLE_NAME.exec(each.name);
      const level = each.outlineLevel ?? (named ? Number(named[1]) - 1 : null);
      // Outline level 9 is body text.
      if (level === null) continue;
      if (level < 9) {
        const numbering = chain.find((base) => base.numbering)?.numbering ?? null;
        styles.headingStyles.set(style.id, { name: style.name, level: Math.min(level + 1, 6), numbering });
      }
      break;
    }
  }
  return styles;
}

function numberingOf(paragraphProperties: Element | null): Numbering | null {
  const numbering = firstChild(paragraphProperties, "w:numPr");
  const numId = firstChild(numbering, "w:numId")?.getAttribute("w:val");
  if (!numId) return null;
  const level = Number(firstChild(numbering, "w:ilvl")?.getAttribute("w:val"));
  return { numId, level: Number.isInteger(level) && level >= 0 && level < 9 ? level : null };
}

/** One level of a numbered list's definition (numbering.xml's `w:lvl`). */
type ListLevel = { start: number; format: string; text: string; style: string | null };
/** The lists of a document's numbering.xml: each `w:num` by id, with its levels and what counts them. */
export type WordLists = Map<string, { counter: string; levels: ListLevel[] }>;

export function readWordLists(numberingXml: string | null): WordLists {
  const lists: WordLists = new Map();
  if (!numberingXml) return lists;
  const document = parseXml(numberingXml);
  const abstracts = new Map<string, ListLevel[]>();
  for (const abstract of document.getElementsByTagName("w:abstractNum")) {
    const levels: ListLevel[] = [];
    for (const level of childElements(abstract, "w:lvl")) {
      const index = Number(level.getAttribute("w:ilvl"));
      if (!Number.isInteger(index) || index < 0 || index >= 9) continue;
      levels[index] = {
        start: Number(firstChild(level, "w:start")?.getAttribute("w:val") ?? 1) || 0,
        format: firstChild(level, "w:numFmt")?.getAttribute("w:val") ?? "decimal",
        text: firstChild(level, "w:lvlText")?.getAttribute("w:val") ?? "",
        style: firstChild(level, "w:pStyle")?.getAttribute("w:val") ?? null,
      };
    }
    abstracts.set(abstract.getAttribute("w:abstractNumId") ?? "", levels);
  }
  for (const num of document.getElementsByTagName("w:num")) {
    const abstractId = firstChild(num, "w:abstractNumId")?.getAttribute("w:val") ?? "";
    const levels = [...(abstracts.get(abstractId) ?? [])];
    for (const override of childElements(num, "w:lvlOverride")) {
      const index = Number(override.getAttribute("w:ilvl"));
      const start = Number(firstChild(override, "w:startOverride")?.getAttribute("w:val"));
      if (levels[index] && Number.isInteger(start)) levels[index] = { ...levels[index], start };
    }
    // Lists of one definition count on together, as in Word, unless one restarts a level.
    const restarts = childElements(num, "w:lvlOverride").length > 0;
    lists.set(num.getAttribute("w:numId") ?? "", {
      counter: restarts ? `num:${num.getAttribute("w:numId")}` : `abstract:${abstractId}`,
      levels,
    });
  }
  return lists;
}

/**
 * Puts each numbered heading's number ("1.1", "A.", "IV") before its words, as Word shows it:
 * mammoth reads a heading's text only, and "as Section 1.1 shows" then points at nothing a reader
 * sees. Every numbered paragraph is counted (a list may share a heading's counter), headings alone
 * are given their number: a list's items are numbered by the reading page.
 */
function numberHeadings(document: Document, styles: WordStyles, lists: WordLists): void {
  const counters = new Map<string, number[]>();
  for (const paragraph of document.getElementsByTagName("w:p")) {
    const styleId = paragraphStyleOf(paragraph);
    const heading = styleId !== null ? styles.headingStyles.get(styleId) : undefined;
    const numbering = numberingOf(firstChild(paragraph, "w:pPr")) ?? heading?.numbering ?? null;
    // numId 0 takes a style's numbering off this paragraph.
    const list = numbering && numbering.numId !== "0" ? lists.get(numbering.numId) : undefined;
    if (!numbering || !list) continue;
    const level =
      numbering.level ??
      Math.max(
        0,
        list.levels.findIndex((each) => each?.style === styleId),
      );
    if (!list.levels[level]) continue;
    const counts = counters.get(list.counter) ?? [];
    counters.set(list.counter, counts);
    for (let each = 0; each < level; each++) counts[each] ??= list.levels[each]?.start ?? 1;
    counts[level] = counts[level] === undefined ? list.levels[level].start : counts[level] + 1;
    counts.length = level + 1;
    if (!heading) continue;
    const label = list.levels[level].text.replace(/%([1-9])/g, (_, digit: string) => {
      const at = Number(digit) - 1;
      return formatNumber(counts[at] ?? list.levels[at]?.start ?? 1, list.levels[at]?.format ?? "decimal");
    });
    if (label.trim() === "" || list.levels[level].format === "bullet" || list.levels[level].format === "none") continue;
    const properties = firstChild(paragraph, "w:pPr");
    paragraph.insertBefore(textRun(document, `${label} `), properties ? properties.nextSibling : paragraph.firstChild);
  }
}

/** A list number in one of Word's formats (`w:numFmt`); one it has not is written in digits. */
function formatNumber(value: number, format: string): string {
  switch (format) {
    case "upperRoman":
      return roman(value);
    case "lowerRoman":
      return roman(value).toLowerCase();
    case "upperLetter":
      return letters(value);
    case "lowerLetter":
      return letters(value).toLowerCase();
    case "decimalZero":
      return String(value).padStart(2, "0");
    default:
      return String(value);
  }
}

function roman(value: number): string {
  if (value <= 0 || value >= 4000) return String(value);
  const numerals: [number, string][] = [
    [1000, "M"],
    [900, "CM"],
    [500, "D"],
    [400, "CD"],
    [100, "C"],
    [90, "XC"],
    [50, "L"],
    [40, "XL"],
    [10, "X"],
    [9, "IX"],
    [5, "V"],
    [4, "IV"],
    [1, "I"],
  ];
  let rest = value;
  let written = "";
  for (const [amount, numeral] of numerals) while (rest >= amount) [rest, written] = [rest - amount, written + numeral];
  return written;
}

/** Word's letters: A…Z, then AA…ZZ, AAA… (the letter repeated, not a base-26 count). */
function letters(value: number): string {
  if (value <= 0) return String(value);
  return String.fromCharCode(65 + ((value - 1) % 26)).repeat(Math.floor((value - 1) / 26) + 1);
}

/** A text part (the document, its footnotes, its endnotes) as mammoth should read it. */
export function readableWordXml(xml: string, styles: WordStyles, lists: WordLists = new Map()): string {
  // Containers mammoth has no reader for, whose runs are the words, are kept as their runs: their
  // tags go before the XML is parsed (moving each one's children in the tree costs as much as they
  // hold, so nested ones cost the square of the document; a tag is read once here).
  const document = new DOMParser().parseFromString(xml.replace(WRAPPER_TAG, ""), "text/xml") as unknown as Document;
  if (!document.documentElement) return xml;
  const all = (name: string) => [...document.getElementsByTagName(name)];

  // A table of contents: Word's field result inside its building block, or paragraphs in its styles.
  for (const block of all("w:sdt")) {
    const gallery = block.getElementsByTagName("w:docPartGallery")[0]?.getAttribute("w:val") ?? "";
    if (/^table of contents$/i.test(gallery)) block.remove();
  }
  for (const paragraph of all("w:p")) {
    const style = paragraphStyleOf(paragraph);
    if (style !== null && styles.contentsStyles.has(style)) paragraph.remove();
  }

  // Hidden text: a run hidden by its own properties, its character style or its paragraph's style
  // (unless it says itself that it shows); a paragraph whose style hides it goes when nothing in it shows.
  for (const run of all("w:r")) {
    const own = firstChild(firstChild(run, "w:rPr"), "w:vanish");
    if (own) {
      if (isOn(own)) run.remove();
      continue;
    }
    const runStyle = firstChild(firstChild(run, "w:rPr"), "w:rStyle")?.getAttribute("w:val");
    const paragraph = closest(run, "w:p");
    const paragraphStyle = paragraph ? paragraphStyleOf(paragraph) : null;
    if (
      (runStyle && styles.hiddenRunStyles.has(runStyle)) ||
      (paragraphStyle !== null && styles.hiddenParagraphStyles.has(paragraphStyle))
    ) {
      run.remove();
    }
  }
  for (const paragraph of all("w:p")) {
    const style = paragraphStyleOf(paragraph);
    if (style !== null && styles.hiddenParagraphStyles.has(style) && (paragraph.textContent ?? "").trim() === "") paragraph.remove();
  }

  // Ruby: the words as printed on the line (漢字), without the reading set small above them.
  for (const ruby of all("w:ruby")) {
    const run = closest(ruby, "w:r");
    const base = firstChild(ruby, "w:rubyBase");
    if (!run?.parentNode) continue;
    for (const baseRun of base ? [...base.childNodes] : []) run.parentNode.insertBefore(baseRun, run);
    ruby.remove();
    if ((run.textContent ?? "") === "") run.remove();
  }
  // Equations: one run of their linear form ("E=mc²", "(a+b)/2"), a display equation its own paragraph.
  for (const properties of all("m:oMathParaPr")) properties.remove();
  for (const equation of all("m:oMath")) equation.replaceWith(textRun(document, linearMath(equation)));
  numberHeadings(document, styles, lists);

  return document.toString();
}

/**
 * A start, end or empty tag of a simple field (`w:fldSimple`: Insert Caption's number, a
 * cross-reference), a right-to-left or left-to-right embedding (`w:dir`, `w:bdo`) or a display
 * equation's paragraph (`m:oMathPara`). Attribute values are read whole: a field's instruction may
 * hold ">" (`IF x > 1`).
 */
const WRAPPER_TAG = /<\/?(?:w:fldSimple|w:dir|w:bdo|m:oMathPara)(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\/?>/g;

/** An equation's text in the linear form people type (UnicodeMath's): superscripts raised where Unicode can, fractions with a slash. */
export function linearMath(element: Element): string {
  const text = (child: Element | null | undefined) => (child ? linearMath(child) : "");
  const part = (name: string) => firstChild(element, name);
  const grouped = (value: string) => (/^[\p{L}\p{N}.]$|^\d+$|^\(.*\)$/u.test(value) ? value : `(${value})`);
  switch (element.tagName) {
    case "m:t":
      return element.textContent ?? "";
    case "m:sSup":
      return text(part("m:e")) + raised(text(part("m:sup")), SUPERSCRIPTS, "^");
    case "m:sSub":
      return text(part("m:e")) + raised(text(part("m:sub")), SUBSCRIPTS, "_");
    case "m:sSubSup":
      return text(part("m:e")) + raised(text(part("m:sub")), SUBSCRIPTS, "_") + raised(text(part("m:sup")), SUPERSCRIPTS, "^");
    case "m:f":
      return `${grouped(text(part("m:num")))}/${grouped(text(part("m:den")))}`;
    case "m:rad": {
      const degree = text(part("m:deg"));
      return `${degree ? raised(degree, SUPERSCRIPTS, "^") : ""}√${grouped(text(part("m:e")))}`;
    }
    case "m:d": {
      const properties = part("m:dPr");
      const opening = firstChild(properties, "m:begChr")?.getAttribute("m:val") ?? "(";
      const closing = firstChild(properties, "m:endChr")?.getAttribute("m:val") ?? ")";
      const separator = firstChild(properties, "m:sepChr")?.getAttribute("m:val") ?? "|";
      return `${opening}${childElements(element, "m:e").map(text).join(separator)}${closing}`;
    }
    case "m:nary": {
      const operator = firstChild(part("m:naryPr"), "m:chr")?.getAttribute("m:val") ?? "∫";
      const below = text(part("m:sub"));
      const above = text(part("m:sup"));
      return `${operator}${below ? `_${grouped(below)}` : ""}${above ? `^${grouped(above)}` : ""} ${text(part("m:e"))}`;
    }
    case "m:mr":
      return childElements(element, "m:e").map(text).join(" ");
    case "m:m":
      return `[${childElements(element, "m:mr").map(text).join("; ")}]`;
    default:
      // Properties (m:rPr, m:sSupPr…) hold no words; every other element is its parts in order.
      if (element.tagName.endsWith("Pr")) return "";
      return [...element.childNodes].map((child) => (child.nodeType === 1 ? linearMath(child as Element) : "")).join("");
  }
}

const SUPERSCRIPTS: Record<string, string> = {
  ...digits("⁰¹²³⁴⁵⁶⁷⁸⁹"),
  "+": "⁺",
  "-": "⁻",
  "−": "⁻",
  "=": "⁼",
  "(": "⁽",
  ")": "⁾",
  n: "ⁿ",
  i: "ⁱ",
};
const SUBSCRIPTS: Record<string, string> = { ...digits("₀₁₂₃₄₅₆₇₈₉"), "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎" };

function digits(glyphs: string): Record<string, string> {
  return Object.fromEntries([...glyphs].map((glyph, digit) => [String(digit), glyph]));
}

/** `value` set as a superscript or subscript: in Unicode's raised or lowered characters when it has them all, else after `^` or `_`. */
function raised(value: string, glyphs: Record<string, string>, mark: string): string {
  if (value === "") return "";
  const characters = [...value];
  if (characters.every((character) => glyphs[character])) return characters.map((character) => glyphs[character]).join("");
  return characters.length === 1 ? `${mark}${value}` : `${mark}(${value})`;
}

function textRun(document: Document, words: string): Element {
  const run = document.createElement("w:r");
  const text = document.createElement("w:t");
  text.setAttribute("xml:space", "preserve");
  text.textContent = words;
  run.appendChild(text);
  return run;
}

function paragraphStyleOf(paragraph: Element): string | null {
  return firstChild(firstChild(paragraph, "w:pPr"), "w:pStyle")?.getAttribute("w:val") ?? null;
}

/** Off when `w:val` says so (false, 0, off); on when it is absent or anything else, as Word reads a toggle. */
function isOn(toggle: Element): boolean {
  return !/^(?:false|0|off)$/i.test(toggle.getAttribute("w:val") ?? "");
}

function childElements(element: Element, name: string): Element[] {
  return [...element.childNodes].filter((child): child is Element => child.nodeType === 1 && (child as Element).tagName === name);
}

function firstChild(element: Element | null | undefined, name: string): Element | null {
  return element ? (childElements(element, name)[0] ?? null) : null;
}

function closest(element: Element, name: string): Element | null {
  for (let node = element.parentNode; node; node = node.parentNode)
    if (node.nodeType === 1 && (node as Element).tagName === name) return node as Element;
  return null;
}

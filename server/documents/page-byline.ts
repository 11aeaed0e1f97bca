import { collapseWhitespace } from "@/lib/documents/convert-reading";
import { isoDate } from "@/lib/documents/source-metadata";

/**
 * A web page's byline and dateline: the lines under a headline that say who wrote it and when
 * ("By Jane Roe and John Doe | March 3, 2026", "By Jane Roe, Staff Writer" / "Published 3 March
 * 2026 · 5 min read"). They are the reading's author and date, not its text: kept as text they were
 * the first paragraph a reader met, and Readability, which drops such a line for its links, lost
 * the author with it. A line is read as one only when all of it is names, roles, dates and a reading
 * time; "By the end of the war…" and "By Tuesday, the votes were counted" are the article's.
 */

/** A name as a byline writes it: capitalised words, and the particles names keep in lower case ("Ludwig van Beethoven"). */
const NAME = String.raw`\p{Lu}[\p{L}\p{M}.'’-]*(?:\s+(?:\p{Lu}[\p{L}\p{M}.'’-]*|de|van|von|der|den|da|di|du|la|le|bin|ibn|al))*`;
const WHOLE_NAME = new RegExp(String.raw`^${NAME}$`, "u");
/** "Jane Roe for The Guardian", "Jane Roe in Kabul": the name is the writer, the rest where they write. */
const NAME_AT = new RegExp(String.raw`^(${NAME})\s+(?:for|in|at|of)\s+(?:the\s+)?${NAME}$`, "u");
/** What a byline says of a writer beside the name: "Staff Writer", "Senior Correspondent", "Bureau Chief". */
const ROLE =
  /\b(?:writer|reporter|correspondent|editor|contributor|columnist|staff|critic|journalist|producer|analyst|fellow|professor|director|chief|bureau|desk|author)s?\b/i;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
/** A time of day after a date: ", 8:05 AM EST", "at 10.30 a.m.", " 14:00". */
const CLOCK = String.raw`(?:,?\s*(?:at\s+)?(?:\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?|\d{1,2}\s*[AaPp]\.?[Mm]\.?)(?:\s+[A-Z]{2,5})?)?`;
const DATE_FORMS = [
  String.raw`(${MONTH})\s+${DAY},?\s+(\d{4})`, // March 3, 2026
  String.raw`${DAY}\s+(${MONTH}),?\s+(\d{4})`, // 3 March 2026
  String.raw`(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?`, // 2026-03-03
];
const DATELINE_WORD = String.raw`(?:(?:First\s+)?Published|(?:Last\s+)?Updated|Posted|Modified)(?:\s+on)?:?\s*`;
const DATE = new RegExp(String.raw`(${DATELINE_WORD})?${WEEKDAY}(?:${DATE_FORMS.join("|")})${CLOCK}`, "giu");
const READING_TIME = /\b\d+\s*(?:min(?:ute)?s?)\.?\s+read\b/gi;
/** Between a byline's parts: a bar, a middle dot, a bullet, a dash. */
const SEPARATOR = /\s*(?:[|·•—–]|\s-\s)\s*/;

export type PageByline = { names: string[]; date: string | null };

/**
 * One element's lines (its own line breaks and block children apart) read as a byline or a
 * dateline, or null when any line is something else or none names a writer or a date. A dateline
 * says what its date is ("Published …", "Updated …") unless `bareDates` (the element is a `<time>`):
 * a letter's own first line, "March 3, 2026", is its text.
 */
export function readBylineLines(lines: readonly string[], { bareDates = false } = {}): PageByline | null {
  const read: PageByline = { names: [], date: null };
  let updated: string | null = null;
  let isMetadata = false;
  for (const line of lines.map(collapseWhitespace).filter(Boolean)) {
    let rest = line;
    const isByline = /^by\s/i.test(rest);
    rest = rest.replace(/^by\s+/i, "");
    // "5 min read · Feb 1, 2026": beside a reading time, a date is the page's, not the text's.
    const timed = new RegExp(READING_TIME.source, "i").test(rest);
    let dated = false;
    rest = rest.replace(DATE, (...match: string[]) => {
      if (!isByline && !bareDates && !timed && !match[1]) return match[0];
      dated = true;
      const date = isoDayOf(match.slice(2, 11));
      // A page's "Updated …" is the date of a change: its first publication wins where both are given.
      if (/updated|modified/i.test(match[1] ?? "")) updated ??= date;
      else read.date ??= date;
      return "|";
    });
    rest = rest.replace(READING_TIME, "|");
    const pieces = rest
      .split(SEPARATOR)
      .map((piece) => piece.trim())
      .filter((piece) => piece !== "" && piece !== "|");
    if (!isByline) {
      // A dateline: nothing but dates and a reading time.
      if (pieces.length > 0 || !(dated || timed)) return null;
      isMetadata = true;
      continue;
    }
    // The writers first ("Jane Roe, Staff Writer and John Doe"); after a bar or a dot only where they
    // write ("| The Guardian"), never more writers.
    const [writers = "", ...where] = pieces;
    for (const [index, part] of writers.split(/\s*,\s*|\s+and\s+|\s*&\s*/).entries()) {
      const at = NAME_AT.exec(part);
      const name = at ? at[1] : WHOLE_NAME.test(part) ? part : null;
      if (!name) return null;
      if (ROLE.test(part)) {
        if (index === 0) return null;
        continue;
      }
      read.names.push(name);
    }
    if (!where.every((piece) => WHOLE_NAME.test(piece) || NAME_AT.test(piece))) return null;
    if (read.names.length === 0) return null;
    isMetadata = true;
  }
  read.date ??= updated;
  return isMetadata ? read : null;
}

/** [month name, day, year] or [day, month name, year] or [year, month, day] as matched → "YYYY-MM-DD". */
function isoDayOf(groups: readonly (string | undefined)[]): string | null {
  const [monthFirst, dayOfMonthFirst, yearOfMonthFirst, dayFirst, monthOfDayFirst, yearOfDayFirst, year, month, day] = groups;
  const parts = monthFirst
    ? [yearOfMonthFirst, monthNumber(monthFirst), dayOfMonthFirst]
    : dayFirst
      ? [yearOfDayFirst, monthNumber(monthOfDayFirst), dayFirst]
      : [year, Number(month), day];
  const [y, m, d] = parts.map(Number);
  if (!y || !m || m > 12 || !d || d > 31) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function monthNumber(name: string | undefined): number {
  return MONTHS.indexOf((name ?? "").slice(0, 3).toLowerCase()) + 1;
}

/** The article's text has begun at a paragraph this long: a byline stands above it. */
const BODY_PARAGRAPH_CHARS = 100;
/** A byline is a line or two: an element with more text is not one (its children may be). */
const MAX_BYLINE_CHARS = 200;
/** How far into the page a byline is looked for, in elements: it stands at the top. */
const MAX_ELEMENTS_LOOKED_AT = 2000;
/**
 * And in characters read: each element's text is its whole subtree's, so on a page of wrappers
 * nested deep around its text (and no paragraph to stop at) each would read all of it again.
 */
const MAX_CHARACTERS_READ = 1_000_000;

/**
 * Finds the page's byline and dateline elements above its text, takes them out of the page and
 * says what they name: the writers, and the date of publication (an element's `<time datetime>`
 * first, else the date as written).
 */
export function takePageByline(body: Element, isBlockTag: (tagName: string) => boolean): { author: string | null; date: string | null } {
  const names: string[] = [];
  let date: string | null = null;
  let taken: Element | null = null;
  const elements = [...body.querySelectorAll("*")].slice(0, MAX_ELEMENTS_LOOKED_AT);
  let charactersRead = 0;
  for (const element of elements) {
    if (taken?.contains(element)) continue;
    const raw = element.textContent ?? "";
    charactersRead += raw.length;
    if (charactersRead > MAX_CHARACTERS_READ) break;
    const text = collapseWhitespace(raw);
    if (element.tagName === "P" && text.length >= BODY_PARAGRAPH_CHARS) break;
    if (!text || text.length > MAX_BYLINE_CHARS || /^H[1-6]$/.test(element.tagName)) continue;
    const isTime = element.tagName === "TIME" || (element.children.length === 1 && element.children[0].tagName === "TIME");
    const byline = readBylineLines(elementLines(element, isBlockTag), { bareDates: isTime });
    if (!byline) continue;
    if (names.length === 0) names.push(...byline.names);
    const stamped = element.matches("time[datetime]") ? element : element.querySelector("time[datetime]");
    date ??= isoDate(stamped?.getAttribute("datetime")?.trim() || undefined) ?? byline.date;
    element.remove();
    taken = element;
  }
  return { author: names.length > 0 ? [...new Set(names)].join(", ") : null, date };
}

/** An element's text as lines: its `<br>`s and its block children end one. */
function elementLines(element: Element, isBlockTag: (tagName: string) => boolean): string[] {
  let text = "";
  const walk = (node: Node) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === 3) text += child.nodeValue ?? "";
      else if (child.nodeType === 1) {
        const tag = (child as Element).tagName;
        if (tag === "BR") text += "\n";
        else if (isBlockTag(tag)) {
          text += "\n";
          walk(child);
          text += "\n";
        } else walk(child);
      }
    }
  };
  walk(element);
  return text.split("\n");
}

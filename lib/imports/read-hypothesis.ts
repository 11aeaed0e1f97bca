import { isHighlightColor } from "@/lib/annotations/colors";
import { AppError } from "@/lib/errors";
import {
  assertItemCount,
  asArray,
  describeItem,
  describeType,
  isObject,
  NO_READ_LIMITS,
  readPosition,
  readQuote,
  type ReadLimits,
} from "./read-helpers";
import type { ImportedAnnotation, ReadResult } from "./types";

/**
 * Reads Hypothesis annotations: the client's "Export" file
 * (`{ export_date, export_userid, client_version, annotations: [...] }`), a search response
 * (`{ total, rows }`) or a bare array of API annotations. Each has `id`, `text` (Markdown), `tags`
 * and `target: [{ source, selector: [...] }]`; the h server keeps one target per annotation. A
 * reply has no selector and lists its thread's ancestors in `references`, root first. Our threads
 * are flat, so a reply joins the thread of the first one, its root: through the last one (its
 * direct parent) a reply to a reply was lost whenever that parent was not in the file (deleted,
 * or someone else's in a search response). Hypothesis counts positions over the page it annotated, which is not our
 * text: they are kept as hints only. Page notes (no selector) come out without a quote.
 * Hypothesis has no colours; our own export carries one in `marginalia.color` (hypothesis-json.ts),
 * which Hypothesis ignores and which is read back here.
 */
export function readHypothesis(json: unknown, limits: ReadLimits = NO_READ_LIMITS): ReadResult {
  const annotations = isObject(json) ? (json.annotations ?? json.rows) : json;
  if (!Array.isArray(annotations)) {
    throw new AppError("BAD_REQUEST", "A Hypothesis file must hold an array of annotations (its `annotations`).");
  }
  assertItemCount(annotations.length, limits);
  const items: ImportedAnnotation[] = [];
  const problems: string[] = [];
  annotations.forEach((annotation, index) => {
    const read = readAnnotation(annotation, index);
    if (typeof read === "string") problems.push(read);
    else items.push(read);
  });
  const exporter = isObject(json) && typeof json.export_userid === "string" && json.export_userid ? json.export_userid : undefined;
  return { items, problems, ...(exporter && { exporter }) };
}

function readAnnotation(annotation: unknown, index: number): ImportedAnnotation | string {
  if (!isObject(annotation)) return `${describeItem(index, "")}: expected an object, found ${describeType(annotation)}.`;
  const sourceId = typeof annotation.id === "string" ? annotation.id : "";
  const where = describeItem(index, sourceId);

  const { text = "", tags = [], references = [], target = [] } = annotation;
  if (typeof text !== "string") return `${where}: text must be a string, not ${describeType(text)}.`;
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === "string")) return `${where}: tags must be an array of strings.`;
  if (!Array.isArray(references) || !references.every((id) => typeof id === "string")) {
    return `${where}: references must be an array of annotation ids.`;
  }
  if (!Array.isArray(target) && !isObject(target)) return `${where}: target must be an array, not ${describeType(target)}.`;

  let quote: ImportedAnnotation["quote"] = null;
  let position: ImportedAnnotation["position"];
  for (const entry of asArray(target)) {
    if (!isObject(entry)) return `${where}: each target must be an object, not ${describeType(entry)}.`;
    if (entry.selector !== undefined && !Array.isArray(entry.selector)) {
      return `${where}: a target's selector must be an array, not ${describeType(entry.selector)}.`;
    }
    for (const selector of asArray(entry.selector)) {
      if (!isObject(selector)) return `${where}: a selector must be an object, not ${describeType(selector)}.`;
      if (selector.type === "TextQuoteSelector" && !quote) {
        quote = readQuote(selector);
        if (!quote) return `${where}: the TextQuoteSelector's exact must be a string, not ${describeType(selector.exact)}.`;
      } else if (selector.type === "TextPositionSelector" && !position) {
        position = readPosition(selector) ?? undefined;
        if (!position) return `${where}: the TextPositionSelector's start and end must be numbers.`;
      }
    }
    if (quote) break;
  }

  const thread = references[0];
  const color = isObject(annotation.marginalia) && isHighlightColor(annotation.marginalia.color) ? annotation.marginalia.color : undefined;
  const title = documentTitle(annotation.document);
  return {
    sourceId,
    quote,
    ...(position && { position }),
    body: text,
    tags: tags.map((tag) => tag.trim()).filter(Boolean),
    ...(typeof thread === "string" && { replyToSourceId: thread }),
    ...(typeof annotation.user === "string" && annotation.user && { creator: annotation.user }),
    ...(typeof annotation.created === "string" && { created: annotation.created }),
    ...(color && { color }),
    ...(typeof annotation.uri === "string" && annotation.uri && { source: { uri: annotation.uri, ...(title && { title }) } }),
  };
}

/** The first title in `document.title` (a list in h's API), if any. */
function documentTitle(document: unknown): string | undefined {
  if (!isObject(document)) return undefined;
  const title = asArray(document.title).find((candidate) => typeof candidate === "string" && candidate.trim() !== "");
  return typeof title === "string" ? title.trim() : undefined;
}

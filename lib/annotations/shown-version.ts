import { matchQuote } from "@/lib/anchoring/match-quote";
import type { AnnotationDto } from "./types";

/**
 * A live annotation as the page that shows an older version of the reading can paint it. The server
 * speaks of the latest version (its selectors count into that text); a page left open while the
 * owner saved a new one still shows the older text, so offsets from the newer one would paint the
 * wrong words. Returned as it came when it is on the version shown (or has no place: a reply);
 * otherwise with the place this page already has for it (where its reader put it), else at the
 * occurrence of its quote in the text shown whose context (the words just before and after) agrees
 * best, the nearest to where it stands now among equals; null when the text shown does not have its
 * words (it is not on this version: the page's banner offers the new one).
 */
export function placeOnShownVersion(
  annotation: AnnotationDto,
  shown: { versionId: string; text: string },
  local: AnnotationDto | undefined,
): AnnotationDto | null {
  const { target, anchoring } = annotation;
  if (!target || !anchoring || anchoring.versionId === shown.versionId) return annotation;
  if (local?.target && local.anchoring?.versionId === shown.versionId && local.anchoring.status !== "orphaned") {
    return { ...annotation, target: local.target, anchoring: local.anchoring };
  }
  const [quote, position] = target.selector;
  const match = matchQuote(shown.text, quote, position.start);
  if (match === null) return null;
  return {
    ...annotation,
    target: { source: target.source, selector: [quote, { type: "TextPositionSelector", start: match.start, end: match.end }] },
    anchoring: { status: "anchored", versionId: shown.versionId, score: 1 },
  };
}

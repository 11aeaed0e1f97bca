// Zod-free: the reading page filters with it in the browser (perf/js-budget.json). The export
// query's schema is in ./annotation-filter-query.ts.
import type { HighlightColor } from "@/lib/annotations/colors";
import type { ReaderView } from "@/lib/annotations/preferences";
import { isInScopeFilter, isWhoseShown } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import { hasTag } from "./tag-key";

export type AnnotationFilter = {
  /** Whose: "groups" (mine and my groups'), "mine", or "everyone" (others' notes shared with everyone too). */
  scope: ReaderView;
  /** "Show": "all" I can see, "group:<id>" (that group's, either group scope) or "private" (my private notes). */
  show: string;
  color: HighlightColor | "";
  tag: string;
  authorId: string;
  query: string;
};

export const NO_FILTER: AnnotationFilter = { scope: "groups", show: "all", color: "", tag: "", authorId: "", query: "" };

/** The sidebar's filters, applied in the browser to what the reader can already see. */
export function filterAnnotations(annotations: AnnotationDto[], filter: AnnotationFilter, viewerId: string): AnnotationDto[] {
  return annotations.filter((annotation) => matchesFilter(annotation, filter, viewerId));
}

/** One annotation against the filters: the reading page's sidebar and its "what is shown" export decide alike. */
export function matchesFilter(annotation: AnnotationDto, filter: AnnotationFilter, viewerId: string): boolean {
  if (!isWhoseShown(annotation, filter.scope, viewerId)) return false;
  if (!isInScopeFilter(annotation, filter.show)) return false;
  if (filter.color && annotation.color !== filter.color) return false;
  if (filter.tag && !hasTag(annotation.tags, filter.tag)) return false;
  if (filter.authorId && annotation.author.id !== filter.authorId) return false;
  const query = filter.query.trim().toLocaleLowerCase();
  if (!query) return true;
  const haystack = [annotation.target?.selector[0].exact ?? "", annotation.body, ...annotation.tags].join("\n").toLocaleLowerCase();
  return haystack.includes(query);
}

/**
 * The filters as an export's query (`shown=1&whose=mine&color=pink…`): what the reading page shows,
 * sent to the server, which narrows what the viewer may read by the same `matchesFilter`.
 */
export function filterToQuery(filter: AnnotationFilter): Record<string, string> {
  return {
    shown: "1",
    whose: filter.scope,
    show: filter.show,
    ...(filter.color && { color: filter.color }),
    ...(filter.tag && { tag: filter.tag }),
    ...(filter.authorId && { author: filter.authorId }),
    ...(filter.query.trim() && { q: filter.query }),
  };
}

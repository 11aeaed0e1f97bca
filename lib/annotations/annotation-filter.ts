// Zod-free: the reading page filters with it in the browser (perf/js-budget.json). The export
// query's schema is in ./annotation-filter-query.ts.
import type { HighlightColor } from "@/lib/annotations/colors";
import type { ReaderView } from "@/lib/annotations/preferences";
import { isInScopeFilter, isWhoseShown } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import { searchableText, searchFold } from "@/lib/text/search-fold";
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
  // Without case, accents or Unicode form (searchFold): "resume" finds "résumé".
  const query = searchFold(filter.query.trim());
  if (!query) return true;
  return searchableText(annotation.target?.selector[0].exact, annotation.body, annotation.tags).includes(query);
}

/**
 * Where the reading page lists an annotation: "text", in the sidebar's list of what is on the text;
 * "new", under "Needs a new place" (no place on this version was good enough: never painted, and
 * not narrowed by the filters).
 */
export type PagePlace = "text" | "new";

export function pagePlaceOf(annotation: Pick<AnnotationDto, "anchoring">): PagePlace {
  return annotation.anchoring?.status === "orphaned" ? "new" : "text";
}

/**
 * What the sidebar shows, as an export's query (`shown=1&place=text&whose=mine&color=pink…`): its
 * list's filters, or its "Needs a new place" tab, which the filters do not narrow. The server
 * narrows what the viewer may read by the same `pagePlaceOf` and `matchesFilter`.
 */
export function shownToQuery(place: PagePlace, filter: AnnotationFilter): Record<string, string> {
  return place === "new" ? { shown: "1", place } : { ...filterToQuery(filter), place };
}

function filterToQuery(filter: AnnotationFilter): Record<string, string> {
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

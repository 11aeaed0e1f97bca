import type { HighlightColor } from "@/lib/annotations/colors";
import type { ReaderView } from "@/lib/annotations/preferences";
import { isInScopeFilter, isWhoseShown } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";

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
  const query = filter.query.trim().toLocaleLowerCase();
  return annotations.filter((annotation) => {
    if (!isWhoseShown(annotation, filter.scope, viewerId)) return false;
    if (!isShown(annotation, filter.show)) return false;
    if (filter.color && annotation.color !== filter.color) return false;
    if (filter.tag && !annotation.tags.includes(filter.tag)) return false;
    if (filter.authorId && annotation.author.id !== filter.authorId) return false;
    if (!query) return true;
    const haystack = [annotation.target?.selector[0].exact ?? "", annotation.body, ...annotation.tags].join("\n").toLocaleLowerCase();
    return haystack.includes(query);
  });
}

function isShown(annotation: AnnotationDto, show: string): boolean {
  return isInScopeFilter(annotation, show);
}

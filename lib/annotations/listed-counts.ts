// What the sidebar's filters offer and count, from the annotations it lists. Computed in the
// browser from what the page holds; a large reading's page computes it on the server from its
// stubs, so the sidebar shows its counts before the stubs reach the browser (they are fetched
// after the page has loaded: see components/reader/reader-workspace.tsx).
import type { AnnotationDto } from "./types";
import type { ReaderView } from "./preferences";
import { HIGHLIGHT_COLORS, type HighlightColor } from "./colors";
import { isWhoseShown } from "./scopes";
import { countTags } from "./tag-key";

/** What the filters and counts read of an annotation: a full one, or a large reading's stub. */
export type Listed = Pick<AnnotationDto, "id" | "author" | "color" | "tags" | "groupId" | "isDeleted">;

export type ListedCounts = {
  total: number;
  whose: Record<ReaderView, number>;
  colors: Record<HighlightColor, number>;
  /** Every tag used, once whatever its case (./tag-key.ts), sorted. */
  tags: string[];
  /** Every author, as [id, name], sorted by name. */
  authors: [id: string, name: string][];
};

const WHOSE_VIEWS: readonly ReaderView[] = ["groups", "mine", "everyone"];

/** How many of `listed` are annotations, a deleted note kept for its replies not among them: what "Showing N" counts. */
export function countAnnotations(listed: readonly Pick<Listed, "isDeleted">[]): number {
  return listed.filter((annotation) => !annotation.isDeleted).length;
}

/**
 * A note deleted but kept for its replies is listed (its thread goes on under it) and counted
 * nowhere: it is not an annotation any more, and the library does not count it either.
 */
export function countListed(listed: readonly Listed[], viewerId: string): ListedCounts {
  const all = listed.filter((annotation) => !annotation.isDeleted);
  const whose = Object.fromEntries(WHOSE_VIEWS.map((view) => [view, 0])) as Record<ReaderView, number>;
  const colors = Object.fromEntries(HIGHLIGHT_COLORS.map((color) => [color, 0])) as Record<HighlightColor, number>;
  const authors = new Map<string, string>();
  for (const annotation of all) {
    for (const view of WHOSE_VIEWS) if (isWhoseShown(annotation, view, viewerId)) whose[view] += 1;
    if (annotation.color) colors[annotation.color] += 1;
    authors.set(annotation.author.id, annotation.author.name);
  }
  return {
    total: all.length,
    whose,
    colors,
    tags: countTags(all.map((annotation) => annotation.tags))
      .map(([tag]) => tag)
      .sort((a, b) => a.localeCompare(b)),
    authors: [...authors.entries()].sort((a, b) => a[1].localeCompare(b[1])),
  };
}

import { z } from "zod";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { ZReaderView } from "@/lib/annotations/preferences";
import type { AnnotationDto } from "./types";
import { matchesFilter, pagePlaceOf, type AnnotationFilter } from "./annotation-filter";

/** An export query's choice of what the reading page shows (`shown=1`), or everything. */
export const ZShownFilterQuery = z.object({
  shown: z.enum(["0", "1"]).default("0").meta({ description: "1: only what the reading page shows, narrowed by the filters below." }),
  place: z.enum(["text", "new"]).default("text").meta({
    description:
      'With shown=1, which of the page\'s lists: "text", the annotations on the text (the sidebar\'s list); "new", those that need a new place (its Needs a new place tab).',
  }),
  whose: ZReaderView.default("everyone").meta({ description: "Whose: groups (mine and my groups'), mine, everyone." }),
  show: z
    .string()
    .max(200)
    .regex(/^(all|private|group:[^\s]+)$/, 'show must be "all", "private" or "group:<id>".')
    .default("all"),
  color: z.enum(HIGHLIGHT_COLORS, { error: "color must be one of the palette's colours." }).optional(),
  tag: z.string().max(200).optional(),
  author: z.string().max(200).optional().meta({ description: "An author's user id." }),
  q: z.string().max(500).optional().meta({ description: "Text in the quote, note or tags (case-insensitive)." }),
});

/**
 * What the page shows, as an export's query asks for it: one of its lists (pagePlaceOf) narrowed by
 * the filters, or null for "everything" (no `shown=1`), those that need a new place included.
 */
export function shownFromQuery(
  query: z.infer<typeof ZShownFilterQuery>,
  viewerId: string,
): ((annotation: AnnotationDto) => boolean) | null {
  if (query.shown !== "1") return null;
  const filter: AnnotationFilter = {
    scope: query.whose,
    show: query.show,
    color: query.color ?? "",
    tag: query.tag ?? "",
    authorId: query.author ?? "",
    query: query.q ?? "",
  };
  return (annotation) => pagePlaceOf(annotation) === query.place && matchesFilter(annotation, filter, viewerId);
}

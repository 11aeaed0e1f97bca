import { z } from "zod";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { ZReaderView } from "@/lib/annotations/preferences";
import type { AnnotationFilter } from "./annotation-filter";

/** An export query's filters, or null for "everything" (no `shown=1`). */
export const ZShownFilterQuery = z.object({
  shown: z.enum(["0", "1"]).default("0").meta({ description: "1: only what the reading page shows, narrowed by the filters below." }),
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

export function filterFromQuery(query: z.infer<typeof ZShownFilterQuery>): AnnotationFilter | null {
  if (query.shown !== "1") return null;
  return {
    scope: query.whose,
    show: query.show,
    color: query.color ?? "",
    tag: query.tag ?? "",
    authorId: query.author ?? "",
    query: query.q ?? "",
  };
}

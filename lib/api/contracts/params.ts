import { z } from "zod";

/** Path parameters shared by several contracts: the names match the folders under app/api/ ([id] is {id}). */
export const ZAnnotationIdParams = z.object({ id: z.string().meta({ description: "The annotation's (or reply's) id." }) });
export const ZDocumentSlugParams = z.object({ slug: z.string().meta({ description: "The document's slug, as in /read/{slug}." }) });
export const ZGroupIdParams = z.object({ id: z.string().meta({ description: "The group's id." }) });

import { z } from "zod";
import { LINE_SPACINGS, TEXT_SIZES, THEMES, type TextSize } from "./comfort";

/** What the comfort panel may save (server/preferences/actions.ts). */
export const ZReaderComfort = z.object({
  textSize: z.coerce
    .number()
    .int()
    .refine((size): size is TextSize => (TEXT_SIZES as readonly number[]).includes(size), "Choose one of the text sizes."),
  lineSpacing: z.enum(LINE_SPACINGS),
  theme: z.enum(THEMES),
});

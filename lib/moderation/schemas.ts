import { z } from "zod";

export const ZFlagAnnotationSchema = z.object({
  reason: z.string().trim().min(1, "Say why you are flagging it.").max(500, "Keep the reason to 500 characters."),
});
export type TFlagAnnotationSchema = z.infer<typeof ZFlagAnnotationSchema>;

/** An open flag as the group's staff see it. */
export type FlagDto = {
  id: string;
  reason: string;
  createdAt: string;
  flaggedBy: { id: string; name: string };
  annotation: {
    id: string;
    /** The thread's root: where `/read/<slug>?annotation=` opens. */
    threadId: string;
    quote: string;
    body: string;
    author: { id: string; name: string };
    isHidden: boolean;
    href: string;
  };
};

/** What a helpful mark leaves behind, for the card's toggle. */
export type HelpfulDto = { annotationId: string; helpfulCount: number; isHelpfulToMe: boolean };

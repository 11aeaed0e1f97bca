// Part of the API client (components/api/api-client.ts: its errors, wording and requests), kept
// apart so that pages which make none of these requests, the reading page among them, do not load them.
import type { z } from "zod";
import type { HelpfulDto, ZFlagAnnotationSchema } from "@/lib/moderation/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { call } from "./api-client";

export const moderationApi = {
  flag: (id: string, input: z.input<typeof ZFlagAnnotationSchema>) =>
    call<{ id: string; reason: string }>("POST", `/api/annotations/${id}/flags`, { json: input }),
  hide: (id: string) => call<AnnotationDto>("POST", `/api/annotations/${id}/hide`),
  restore: (id: string) => call<AnnotationDto>("DELETE", `/api/annotations/${id}/hide`),
  setHelpful: (id: string, isHelpful: boolean) => call<HelpfulDto>(isHelpful ? "PUT" : "DELETE", `/api/annotations/${id}/helpful`),
};

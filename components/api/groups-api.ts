// Part of the API client (components/api/api-client.ts: its errors, wording and requests), kept
// apart so that pages which make none of these requests, the reading page among them, do not load them.
import type { z } from "zod";
import type { ZCreateReplySchema } from "@/lib/annotations/schemas";
import type {
  AssignableRole,
  JoinResult,
  ZCreateGroupSchema,
  ZCreateInviteSchema,
  ZJoinByCodeSchema,
  ZUpdateGroupSchema,
  ZUpdateJoinCodeSchema,
  ZUpdateMemberRoleSchema,
} from "@/lib/groups/schemas";
import type { ZSetScoreSchema } from "@/lib/review/score-schema";
import type { ReleaseScoresResult } from "@/lib/review/score-release";
import type { ZReleaseScoresSchema } from "@/lib/review/score-release-schemas";
import { call, GROUP_WORDING } from "./api-client";

/** The group pages' requests always carry a JSON body (`{}` when there is nothing to say). */
function groupCall<T>(method: string, url: string, json: unknown = {}): Promise<T> {
  return call<T>(method, url, { json }, GROUP_WORDING);
}

export type CreatedInvite = { id: string; url: string; code: string; role: AssignableRole; expiresAt: string };

export const groupsApi = {
  create: (input: z.input<typeof ZCreateGroupSchema>) => groupCall<{ id: string }>("POST", "/api/groups", input),
  update: (groupId: string, input: z.input<typeof ZUpdateGroupSchema>) => groupCall("PATCH", `/api/groups/${groupId}`, input),
  joinByCode: (input: z.input<typeof ZJoinByCodeSchema>) => groupCall<JoinResult>("POST", "/api/groups/join", input),
  joinByInvite: (token: string) => groupCall<JoinResult>("POST", `/api/invites/${encodeURIComponent(token)}`),
  createInvite: (groupId: string, input: z.input<typeof ZCreateInviteSchema>) =>
    groupCall<CreatedInvite>("POST", `/api/groups/${groupId}/invites`, input),
  revokeInvite: (groupId: string, inviteId: string) => groupCall("DELETE", `/api/groups/${groupId}/invites/${inviteId}`),
  setMemberRole: (groupId: string, userId: string, input: z.input<typeof ZUpdateMemberRoleSchema>) =>
    groupCall("PATCH", `/api/groups/${groupId}/members/${userId}`, input),
  removeMember: (groupId: string, userId: string) => groupCall("DELETE", `/api/groups/${groupId}/members/${userId}`),
  updateJoinCode: (groupId: string, input: z.input<typeof ZUpdateJoinCodeSchema>) =>
    groupCall<{ joinCode: string | null }>("POST", `/api/groups/${groupId}/join-code`, input),
  letBackIn: (groupId: string, userId: string) => groupCall("DELETE", `/api/groups/${groupId}/removals/${userId}`),
};

export const reviewApi = {
  setScore: (annotationId: string, input: z.input<typeof ZSetScoreSchema>) =>
    groupCall("PUT", `/api/annotations/${annotationId}/score`, input),
  clearScore: (annotationId: string) => groupCall("DELETE", `/api/annotations/${annotationId}/score`),
  sendFeedback: (annotationId: string, input: z.input<typeof ZCreateReplySchema>) =>
    groupCall("POST", `/api/annotations/${annotationId}/feedback`, input),
  releaseScores: (groupId: string, input: z.input<typeof ZReleaseScoresSchema>) =>
    groupCall<ReleaseScoresResult>("POST", `/api/groups/${groupId}/score-release`, input),
};

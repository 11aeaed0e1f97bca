import { namesAField, NOTHING_TO_CHANGE } from "@/lib/api/nothing-to-change";
import { withoutDirectionControls } from "@/lib/text/one-line-label";
import { hasVisibleCharacter } from "@/lib/text/visible";
import { z } from "zod";
import {
  DEFAULT_INVITE_DAYS,
  MAX_GROUP_DESCRIPTION_LENGTH,
  MAX_GROUP_NAME_LENGTH,
  MAX_HIDE_UNTIL_POST_COUNT,
  MAX_INVITE_DAYS,
} from "./limits";
import type { ScoreRelease } from "@/lib/review/score-release";
import { ZScoreRelease } from "@/lib/review/score-release-schemas";
import { isTimeZone } from "@/lib/assignments/zoned-time";
import { ASSIGNABLE_ROLES, GROUP_ROLES, type AssignableRole, type GroupRole } from "./roles";

export { ASSIGNABLE_ROLES, GROUP_ROLE_LABELS, GROUP_ROLES, type AssignableRole, type GroupRole } from "./roles";

export {
  DEFAULT_INVITE_DAYS,
  MAX_GROUP_DESCRIPTION_LENGTH,
  MAX_GROUP_NAME_LENGTH,
  MAX_HIDE_UNTIL_POST_COUNT,
  MAX_INVITE_DAYS,
} from "./limits";

/**
 * Join codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so a code read
 * aloud or copied from a projector is typed right. 31^8 ≈ 8.5 × 10^11 codes.
 */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 8;

/**
 * Why a code found no group: one too short says how long codes are (it was cut short in copying,
 * not mistyped); any other is simply unknown (groups made before codes were 8 long keep theirs).
 */
export function unknownJoinCodeMessage(typed: string): string {
  const length = [...typed.replace(/[\s-]/g, "")].length;
  if (length >= JOIN_CODE_LENGTH) return "No group has that code.";
  return `Join codes have ${JOIN_CODE_LENGTH} letters and digits; that one has ${length}. Check it with whoever gave it to you.`;
}

export const ZGroupRole = z.enum(GROUP_ROLES, { error: 'role must be "owner", "instructor" or "member".' });
export const ZAssignableRole = z.enum(ASSIGNABLE_ROLES, { error: 'role must be "member" or "instructor".' });

const ZGroupName = z
  .string({ error: "Name the group." })
  .overwrite(withoutDirectionControls)
  .trim()
  .min(1, "Name the group.")
  .max(MAX_GROUP_NAME_LENGTH, `Use at most ${MAX_GROUP_NAME_LENGTH} characters for the name.`)
  .refine(hasVisibleCharacter, "Name the group with letters or signs people can see.");
const ZGroupDescription = z
  .string({ error: "The description must be text." })
  .overwrite(withoutDirectionControls)
  .trim()
  .max(MAX_GROUP_DESCRIPTION_LENGTH, `Use at most ${MAX_GROUP_DESCRIPTION_LENGTH} characters for the description.`);

/**
 * An IANA zone name; "" or null: none. A name Intl knows only by another case is stored as Intl
 * spells it ("america/new_york" keeps as "America/New_York"); one of its aliases as it was given:
 * Node's ICU answers "Asia/Kathmandu" and "Europe/Kyiv" with their old names, which would read as
 * misspellings to the people who live there.
 */
const ZGroupTimeZone = z
  .string({ error: "timeZone must be an IANA time zone name, such as America/New_York." })
  .trim()
  .max(100, "timeZone must be an IANA time zone name, such as America/New_York.")
  .refine((value) => value === "" || isTimeZone(value), "timeZone must be an IANA time zone name, such as America/New_York.")
  .transform((value) => {
    if (value === "") return null;
    const spelled = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
    return spelled.toLowerCase() === value.toLowerCase() ? spelled : value;
  })
  .nullable();

export const ZCreateGroupSchema = z.object({
  name: ZGroupName,
  description: ZGroupDescription.default(""),
});
export type TCreateGroupSchema = z.input<typeof ZCreateGroupSchema>;

export const ZUpdateGroupSchema = z
  .object({
    name: ZGroupName.optional(),
    description: ZGroupDescription.optional(),
    hideUntilPostCount: z
      .number({ error: "hideUntilPostCount must be a whole number." })
      .int("hideUntilPostCount must be a whole number.")
      .min(0, "hideUntilPostCount must be 0 or more.")
      .max(MAX_HIDE_UNTIL_POST_COUNT, `hideUntilPostCount must be at most ${MAX_HIDE_UNTIL_POST_COUNT}.`)
      .optional(),
    /** When students see their scores: "manual" (when released on the review page) or "immediate". */
    scoreRelease: ZScoreRelease.optional(),
    /** The IANA zone assignment times are typed in ("America/New_York"); "" or null clears it. */
    timeZone: ZGroupTimeZone.optional(),
  })
  .strict()
  .refine(namesAField, NOTHING_TO_CHANGE);
export type TUpdateGroupSchema = z.input<typeof ZUpdateGroupSchema>;

export const ZCreateInviteSchema = z
  .object({
    role: ZAssignableRole.default("member"),
    expiresInDays: z
      .number({ error: "expiresInDays must be a whole number of days." })
      .int("expiresInDays must be a whole number of days.")
      .min(1, "expiresInDays must be at least 1.")
      .max(MAX_INVITE_DAYS, `expiresInDays must be at most ${MAX_INVITE_DAYS}.`)
      .default(DEFAULT_INVITE_DAYS),
    /**
     * How many people may join with the link; null for any number until it expires. Left out, a
     * member invite is unlimited. An instructor invite is single-use, always (it hands out the power
     * to grade): any other maxUses is refused, so nobody believes they made a shared instructor link.
     */
    maxUses: z
      .number({ error: "maxUses must be a whole number." })
      .int("maxUses must be a whole number.")
      .min(1, "maxUses must be at least 1.")
      .max(1000, "maxUses must be at most 1000.")
      .nullable()
      .optional(),
  })
  .superRefine((input, context) => {
    if (input.role === "instructor" && input.maxUses !== undefined && input.maxUses !== 1)
      context.addIssue({ code: "custom", path: ["maxUses"], message: INSTRUCTOR_INVITE_USES_MESSAGE });
  });

export const INSTRUCTOR_INVITE_USES_MESSAGE =
  "An instructor invitation lets one person in (it hands out the power to grade): leave maxUses out or set it to 1, and make a link for each instructor.";
export type TCreateInviteSchema = z.input<typeof ZCreateInviteSchema>;

/** Codes are case-insensitive and forgive spaces and dashes ("abcd-efgh"). */
export const ZJoinByCodeSchema = z.object({
  code: z
    .string({ error: "Type the join code." })
    .transform((code) => code.replace(/[\s-]/g, "").toUpperCase())
    .pipe(z.string().min(1, "Type the join code.").max(32, "No group has that code.")),
});
export type TJoinByCodeSchema = z.input<typeof ZJoinByCodeSchema>;

/** The owner's two moves on the join code: a new one (the old stops working) or none at all. */
export const ZUpdateJoinCodeSchema = z.object({ action: z.enum(["regenerate", "disable"]) });
export type TUpdateJoinCodeSchema = z.input<typeof ZUpdateJoinCodeSchema>;

export const ZUpdateMemberRoleSchema = z.object({ role: ZAssignableRole });
export type TUpdateMemberRoleSchema = z.input<typeof ZUpdateMemberRoleSchema>;

/** One of my groups, as the groups page and `GET /api/groups` show it. */
export type MyGroupSummary = {
  id: string;
  name: string;
  description: string;
  role: GroupRole;
  memberCount: number;
  /** Only for the owner and instructors, who hand it out; null when the owner switched joining by code off. */
  joinCode?: string | null;
};

/** What the viewer may do in a group, decided by the server (server/authz/groups.ts); the group page shows controls from these. */
export type GroupPermissions = {
  update: boolean;
  review: boolean;
  seeFlags: boolean;
  inviteMembers: boolean;
  inviteInstructors: boolean;
  revokeInvites: boolean;
  /** Change members' roles and remove them. */
  manageMembers: boolean;
  leave: boolean;
};

export type GroupDetails = MyGroupSummary & {
  hideUntilPostCount: number;
  scoreRelease: ScoreRelease;
  /** The IANA zone assignment times are typed in; null: each instructor's browser zone. */
  timeZone: string | null;
  createdAt: Date;
  permissions: GroupPermissions;
};

export type GroupMember = {
  userId: string;
  name: string;
  /** Only for the owner and instructors. */
  email?: string;
  role: GroupRole;
  joinedAt: Date;
};

export type InviteSummary = { id: string; role: AssignableRole; expiresAt: Date | null; createdAt: Date; createdByName: string };

/** What joining answers, by invite or by code. */
export type JoinResult = { groupId: string; name: string; role: GroupRole; wasAlreadyMember: boolean };

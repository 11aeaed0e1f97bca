import { z } from "zod";
import { defineContract } from "@/lib/api/contract";
import {
  ZCreatedInvite,
  ZGroupDetails,
  ZGroupMemberList,
  ZInviteList,
  ZInvitePreview,
  ZJoinCodeResult,
  ZJoinResult,
  ZLetBackInResult,
  ZMemberRoleResult,
  ZMyGroupList,
  ZRemoveMemberResult,
  ZRemovedPersonList,
  ZRevokeResult,
} from "@/lib/api/responses";
import {
  ZCreateGroupSchema,
  ZCreateInviteSchema,
  ZJoinByCodeSchema,
  ZUpdateJoinCodeSchema,
  ZUpdateGroupSchema,
  ZUpdateMemberRoleSchema,
} from "@/lib/groups/schemas";
import { ZGroupIdParams } from "./params";
import { GROUP_FULL } from "./limits";

const ZMemberParams = ZGroupIdParams.extend({ userId: z.string().meta({ description: "The member's user id." }) });
const ZInviteParams = ZGroupIdParams.extend({ inviteId: z.string().meta({ description: "The invitation's id." }) });
const ZInviteTokenParams = z.object({ token: z.string().meta({ description: "The secret from the invitation link /invite/{token}." }) });
const NOT_A_MEMBER = "A group you do not belong to (the same answer as one that does not exist).";

export const listMyGroupsContract = defineContract({
  method: "GET",
  path: "/api/groups",
  summary: "My groups, with my role and member count (the join code where I hand it out).",
  tag: "Groups",
  auth: "read",
  responses: { 200: { description: "My groups.", schema: ZMyGroupList } },
});

export const createGroupContract = defineContract({
  method: "POST",
  path: "/api/groups",
  summary: "Create a group; I become its owner.",
  tag: "Groups",
  auth: "write",
  body: ZCreateGroupSchema,
  responses: { 201: { description: "The new group, with its join code.", schema: ZGroupDetails } },
});

export const joinByCodeContract = defineContract({
  method: "POST",
  path: "/api/groups/join",
  summary: "Join a group as a member with its join code (any case; spaces and dashes are ignored).",
  tag: "Groups",
  auth: "write",
  body: ZJoinByCodeSchema,
  responses: { 200: { description: "The group joined (or already a member of).", schema: ZJoinResult } },
  errors: { 404: "No group has that code.", 409: GROUP_FULL },
});

export const getGroupContract = defineContract({
  method: "GET",
  path: "/api/groups/{id}",
  summary: "A group I am a member of.",
  tag: "Groups",
  auth: "read",
  params: ZGroupIdParams,
  responses: { 200: { description: "The group.", schema: ZGroupDetails } },
  errors: { 404: NOT_A_MEMBER },
});

export const updateGroupContract = defineContract({
  method: "PATCH",
  path: "/api/groups/{id}",
  summary: "The owner changes the name, description, hideUntilPostCount (0–20), scoreRelease or timeZone (IANA name; empty clears).",
  tag: "Groups",
  auth: "write",
  params: ZGroupIdParams,
  body: ZUpdateGroupSchema,
  responses: { 200: { description: "The group as it is now.", schema: ZGroupDetails } },
  errors: { 403: "Not the group's owner.", 404: NOT_A_MEMBER },
});

export const listMembersContract = defineContract({
  method: "GET",
  path: "/api/groups/{id}/members",
  summary: "The group's members and roles (emails for the owner and instructors).",
  tag: "Groups",
  auth: "read",
  params: ZGroupIdParams,
  responses: { 200: { description: "The members.", schema: ZGroupMemberList } },
  errors: { 404: NOT_A_MEMBER },
});

export const updateMemberRoleContract = defineContract({
  method: "PATCH",
  path: "/api/groups/{id}/members/{userId}",
  summary: "The owner makes a member an instructor, or an instructor a member.",
  tag: "Groups",
  auth: "write",
  params: ZMemberParams,
  body: ZUpdateMemberRoleSchema,
  responses: { 200: { description: "The member's role now.", schema: ZMemberRoleResult } },
  errors: { 403: "Not the group's owner, or the owner's own role." },
});

export const removeMemberContract = defineContract({
  method: "DELETE",
  path: "/api/groups/{id}/members/{userId}",
  summary: "The owner removes a member, or a member leaves. The owner is never removed.",
  tag: "Groups",
  auth: "write",
  params: ZMemberParams,
  responses: { 200: { description: "Who left.", schema: ZRemoveMemberResult } },
});

export const listInvitesContract = defineContract({
  method: "GET",
  path: "/api/groups/{id}/invites",
  summary: "The group's live invitations (owner and instructors).",
  tag: "Groups",
  auth: "read",
  params: ZGroupIdParams,
  responses: { 200: { description: "Invitations not yet expired or withdrawn.", schema: ZInviteList } },
});

export const createInviteContract = defineContract({
  method: "POST",
  path: "/api/groups/{id}/invites",
  summary:
    "Create an invitation link; the response is the only time it is shown. An instructor link lets one person in (maxUses other than 1 is a 400).",
  tag: "Groups",
  auth: "write",
  params: ZGroupIdParams,
  body: ZCreateInviteSchema,
  responses: { 201: { description: "The invitation with its URL (sent with Cache-Control: no-store).", schema: ZCreatedInvite } },
});

export const revokeInviteContract = defineContract({
  method: "DELETE",
  path: "/api/groups/{id}/invites/{inviteId}",
  summary: "Withdraw an invitation (owner and instructors).",
  tag: "Groups",
  auth: "write",
  params: ZInviteParams,
  responses: { 200: { description: "When it was withdrawn.", schema: ZRevokeResult } },
});

export const getInviteContract = defineContract({
  method: "GET",
  path: "/api/invites/{token}",
  summary: "What an invitation leads to: the group's name and the role it grants.",
  tag: "Groups",
  auth: "optional",
  params: ZInviteTokenParams,
  responses: {
    200: { description: "The invitation (Cache-Control: no-store); `myRole` is my role in the group, if any.", schema: ZInvitePreview },
  },
  errors: { 410: "The invitation expired or was withdrawn." },
});

export const joinByInviteContract = defineContract({
  method: "POST",
  path: "/api/invites/{token}",
  summary: "Join the invitation's group with its role (idempotent; nobody is demoted).",
  tag: "Groups",
  auth: "write",
  params: ZInviteTokenParams,
  responses: { 200: { description: "The group joined.", schema: ZJoinResult } },
  errors: { 410: "The invitation expired or was withdrawn.", 409: GROUP_FULL },
});

export const updateJoinCodeContract = defineContract({
  method: "POST",
  path: "/api/groups/{id}/join-code",
  summary: "The owner gives the group a new join code (the old one stops working) or switches joining by code off.",
  tag: "Groups",
  auth: "write",
  params: ZGroupIdParams,
  body: ZUpdateJoinCodeSchema,
  responses: { 200: { description: "The join code now.", schema: ZJoinCodeResult } },
});

export const listRemovedPeopleContract = defineContract({
  method: "GET",
  path: "/api/groups/{id}/removals",
  summary: "The owner: people removed from the group, who cannot rejoin until let back in.",
  tag: "Groups",
  auth: "read",
  params: ZGroupIdParams,
  responses: { 200: { description: "Removed people, newest first.", schema: ZRemovedPersonList } },
});

export const letBackInContract = defineContract({
  method: "DELETE",
  path: "/api/groups/{id}/removals/{userId}",
  summary: "The owner lets a removed person join again (with the join code or an invitation).",
  tag: "Groups",
  auth: "write",
  params: ZMemberParams,
  responses: { 200: { description: "Who may join again.", schema: ZLetBackInResult } },
});

import "server-only";
import { Prisma } from "@/server/db/client";
import { loadMembershipFor, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { generateJoinCode } from "./group-secrets";

/**
 * The owner gives the group a new join code (the old one stops working at once: someone removed,
 * or a code posted where it should not be) or switches joining by code off (null). Invitation
 * links are not affected.
 */
export async function updateJoinCode(
  viewer: Viewer,
  groupId: string,
  action: "regenerate" | "disable",
): Promise<{ joinCode: string | null }> {
  await loadMembershipFor(viewer, groupId, "manage-joining");
  if (action === "disable") {
    await db.group.update({ where: { id: groupId }, data: { joinCode: null } });
    return { joinCode: null };
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { joinCode } = await db.group.update({
        where: { id: groupId },
        data: { joinCode: generateJoinCode() },
        select: { joinCode: true },
      });
      return { joinCode };
    } catch (error) {
      // Another group drew the same code (one in ~10^12): draw again.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") || attempt >= 5) throw error;
    }
  }
}

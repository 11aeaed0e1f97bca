import "server-only";
import { ZCreateGroupSchema, type GroupDetails, type TCreateGroupSchema } from "@/lib/groups/schemas";
import { assertSignedIn, groupPermissions, type Viewer } from "@/server/authz/groups";
import { db } from "@/server/db/client";
import { Prisma } from "@/server/db/client";
import { generateJoinCode } from "./group-secrets";

/** Collisions are ~1 in 10^11 per group; retrying a few times makes failure practically impossible. */
const JOIN_CODE_ATTEMPTS = 5;

/** Creates a group with a fresh join code; the creator becomes its owner. */
export async function createGroup(viewer: Viewer, input: TCreateGroupSchema): Promise<GroupDetails> {
  assertSignedIn(viewer, "create a group");
  const { name, description } = ZCreateGroupSchema.parse(input);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const group = await db.group.create({
        data: {
          name,
          description,
          joinCode: generateJoinCode(),
          createdById: viewer.id,
          memberships: { create: { userId: viewer.id, role: "owner" } },
        },
      });
      const { id, joinCode, hideUntilPostCount, timeZone, createdAt } = group;
      const permissions = groupPermissions({ userId: viewer.id, role: "owner" });
      // A new group releases scores by hand (the column's default).
      const scoreRelease = "manual" as const;
      return {
        id,
        name,
        description,
        role: "owner",
        memberCount: 1,
        joinCode,
        hideUntilPostCount,
        scoreRelease,
        timeZone,
        createdAt,
        permissions,
      };
    } catch (error) {
      const isCodeTaken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!isCodeTaken || attempt >= JOIN_CODE_ATTEMPTS) throw error;
    }
  }
}

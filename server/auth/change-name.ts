import "server-only";
import type { TChangeNameSchema } from "@/lib/auth/account-schemas";
import { db } from "@/server/db/client";

/** The signed-in person's display name; sessions pick it up on their next request (the jwt callback reads it). */
export async function changeName(user: { id: string }, input: TChangeNameSchema): Promise<{ name: string }> {
  return db.user.update({ where: { id: user.id }, data: { name: input.name }, select: { name: true } });
}

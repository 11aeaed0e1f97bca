import "server-only";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { announceCredentialsChanged } from "@/server/outbox/bus";

/**
 * Revokes one of the user's tokens; it stops working on its next use, and a live stream it holds open ends. Someone else's token
 * answers exactly like one that does not exist. Revoking twice keeps the first time.
 */
export async function revokeApiToken(userId: string, id: string): Promise<{ id: string; revokedAt: Date }> {
  const existing = await db.apiToken.findFirst({ where: { id, userId }, select: { id: true, revokedAt: true } });
  if (!existing) throw new AppError("NOT_FOUND", "No such token.");
  if (existing.revokedAt) return { id, revokedAt: existing.revokedAt };
  const revoked = await db.apiToken.update({ where: { id }, data: { revokedAt: new Date() }, select: { id: true, revokedAt: true } });
  // A live stream it opened ends now too, on every instance (server/live/hub.ts).
  await announceCredentialsChanged();
  return { id: revoked.id, revokedAt: revoked.revokedAt! };
}

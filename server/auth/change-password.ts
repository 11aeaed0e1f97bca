import "server-only";
import type { TChangePasswordSchema } from "@/lib/auth/account-schemas";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { announceCredentialsChanged } from "@/server/outbox/bus";
import { hashPassword, verifyPassword } from "./password";
import { type AttemptSource, throttlePasswordCheck } from "./sign-in-throttle";

/**
 * A new password for the signed-in person, given the current one. Wrong current passwords count
 * against the same budgets as wrong sign-ins for that email from that browser (so the account
 * page offers no extra guesses). Every session's token is revoked (the session version goes up);
 * the caller re-issues this session's own. Returns the new session version.
 */
export async function changePassword(
  user: { id: string; email: string },
  input: TChangePasswordSchema,
  source: AttemptSource,
): Promise<number> {
  const verified = await throttlePasswordCheck({ email: user.email, ...source }, async () => {
    const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
    if (!row?.passwordHash) throw new AppError("CONFLICT", "This account signs in with another service and has no password to change.");
    return (await verifyPassword(row.passwordHash, input.currentPassword)) ? row : null;
  });
  if (!verified) throw new AppError("UNPROCESSABLE", "That is not your current password.");
  const passwordHash = await hashPassword(input.newPassword);
  const updated = await db.user.update({
    where: { id: user.id },
    data: { passwordHash, sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  await announceCredentialsChanged(); // its other devices' live streams end now, not at the next heartbeat
  return updated.sessionVersion;
}

import "server-only";
import { db } from "@/server/db/client";
import { openValue, sealValue } from "./signed-value";

/**
 * "Connect GitHub" from the account page. External sign-ins are separate requests that know
 * nothing of the session that started them, so the account page leaves a short-lived, signed,
 * HttpOnly cookie naming the signed-in user and the provider; the provider's callback reads it and
 * connects the identity to that user. Only sent to next-auth's callback path, and SameSite=Lax
 * (the provider's redirect back is a top-level navigation, which carries it).
 */
export const LINK_INTENT_COOKIE = "marginalia.connect";
export const LINK_INTENT_PATH = "/api/auth/callback";
const LINK_INTENT_SECONDS = 10 * 60;
const PURPOSE = "link-intent";

type LinkIntent = { userId: string; provider: string; sessionVersion: number; expiresAt: number };

export function sealLinkIntent(input: Omit<LinkIntent, "expiresAt">, now: Date = new Date()): { value: string; maxAgeSeconds: number } {
  const intent: LinkIntent = { ...input, expiresAt: now.getTime() + LINK_INTENT_SECONDS * 1000 };
  return { value: sealValue(PURPOSE, intent), maxAgeSeconds: LINK_INTENT_SECONDS };
}

/**
 * The user this callback should connect `provider` to, or null: the cookie must be ours, unexpired,
 * for this provider, and its user must not have signed out everywhere since.
 */
export async function linkIntentUser(cookieValue: string | undefined, provider: string, now: Date = new Date()): Promise<string | null> {
  const intent = openValue(PURPOSE, cookieValue) as LinkIntent | null;
  if (!intent || intent.provider !== provider || intent.expiresAt <= now.getTime()) return null;
  const user = await db.user.findUnique({ where: { id: intent.userId }, select: { sessionVersion: true } });
  return user && user.sessionVersion === intent.sessionVersion ? intent.userId : null;
}

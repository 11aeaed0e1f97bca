import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { db } from "@/server/db/client";
import { authSecret } from "./secret";

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

type LinkIntent = { userId: string; provider: string; sessionVersion: number; expiresAt: number };

function sign(payload: string): string {
  return createHmac("sha256", `link-intent:${authSecret()}`).update(payload).digest("base64url");
}

export function sealLinkIntent(input: Omit<LinkIntent, "expiresAt">, now: Date = new Date()): { value: string; maxAgeSeconds: number } {
  const intent: LinkIntent = { ...input, expiresAt: now.getTime() + LINK_INTENT_SECONDS * 1000 };
  const payload = Buffer.from(JSON.stringify(intent)).toString("base64url");
  return { value: `${payload}.${sign(payload)}`, maxAgeSeconds: LINK_INTENT_SECONDS };
}

/**
 * The user this callback should connect `provider` to, or null: the cookie must be ours, unexpired,
 * for this provider, and its user must not have signed out everywhere since.
 */
export async function linkIntentUser(cookieValue: string | undefined, provider: string, now: Date = new Date()): Promise<string | null> {
  if (!cookieValue) return null;
  const [payload, signature] = cookieValue.split(".");
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let intent: LinkIntent;
  try {
    intent = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as LinkIntent;
  } catch {
    return null;
  }
  if (intent.provider !== provider || intent.expiresAt <= now.getTime()) return null;
  const user = await db.user.findUnique({ where: { id: intent.userId }, select: { sessionVersion: true } });
  return user && user.sessionVersion === intent.sessionVersion ? intent.userId : null;
}

import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { cache } from "react";
import { buildAuthOptions } from "./options";
import type { SessionUser } from "./users";

/**
 * The signed-in person for this request, or null. The one way pages, actions and route handlers
 * learn who is asking; it goes through the jwt callback, so revoked sessions come back null.
 * Cached per request: several components may ask.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(buildAuthOptions());
  return session?.user?.id ? session.user : null;
});

/**
 * The signed-in person for a server action, or, when their session has ended meanwhile (signed out
 * on another device, the password changed, the cookie expired), off to sign in and back to the page
 * the form was on. A thrown refusal would be a 500 there, and the page would fall to its error
 * boundary. Forms that keep what was typed ask getCurrentUser and refuse in their own words instead.
 */
export async function requireUserForAction(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (user) return user;
  const referer = (await headers()).get("referer");
  let back = "/";
  try {
    if (referer) back = safeCallbackUrl(new URL(referer).pathname + new URL(referer).search);
  } catch {
    // Not a URL: back to the library.
  }
  redirect(`/signin?callbackUrl=${encodeURIComponent(back)}`);
}

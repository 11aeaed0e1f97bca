import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { AppError } from "@/lib/errors";
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

export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to do this.");
  return user;
}

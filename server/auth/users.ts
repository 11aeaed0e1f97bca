import "server-only";
import { AppError } from "@/lib/errors";
import type { TSignUpSchema } from "@/lib/auth/account-schemas";
import { db } from "@/server/db/client";
import { Prisma } from "@/server/db/client";
import { hashForUnknownUser, hashPassword, verifyPassword } from "./password";

/** What the rest of the app knows about a signed-in person. Never includes the hash. */
export type SessionUser = { id: string; name: string; email: string };

export async function createUserWithPassword(input: TSignUpSchema): Promise<SessionUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: { name: input.name, email: input.email, passwordHash },
      select: { id: true, name: true, email: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}

/** The user whose email and password these are, or null. Takes the same time either way. */
export async function findUserByPassword(email: string, password: string): Promise<(SessionUser & { sessionVersion: number }) | null> {
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, sessionVersion: true, passwordHash: true },
  });
  const isValid = await verifyPassword(user?.passwordHash ?? (await hashForUnknownUser()), password);
  if (!user?.passwordHash || !isValid) return null;
  return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
}

/** "Sign out everywhere": every token issued before this call stops working on its next use. */
export async function revokeAllSessions(userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/**
 * The account behind an external sign-in (GitHub, Google, OIDC), created on first use. An
 * existing account with the same email is linked only when the provider vouches for the
 * address, so nobody can take over an account by registering its email elsewhere.
 */
export async function findOrCreateExternalUser(input: {
  provider: string;
  providerAccountId: string;
  email: string | null | undefined;
  name: string | null | undefined;
  isEmailVerified: boolean;
}): Promise<SessionUser & { sessionVersion: number }> {
  const select = { id: true, name: true, email: true, sessionVersion: true } as const;
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: input.provider, providerAccountId: input.providerAccountId } },
    select: { user: { select } },
  });
  if (linked) return linked.user;

  const email = input.email?.trim().toLowerCase();
  if (!email) throw new AppError("BAD_REQUEST", `Your ${input.provider} account did not share an email address.`);
  const existing = await db.user.findUnique({ where: { email }, select });
  if (existing && !input.isEmailVerified) {
    throw new AppError("CONFLICT", "An account with this email already exists. Sign in with your password.");
  }
  const account = { provider: input.provider, providerAccountId: input.providerAccountId };
  if (existing) {
    await db.account.create({ data: { ...account, userId: existing.id } });
    return existing;
  }
  return db.user.create({
    data: { email, name: input.name?.trim() || email.split("@")[0], accounts: { create: account } },
    select,
  });
}

import "server-only";
import { AppError } from "@/lib/errors";
import type { TSignUpSchema } from "@/lib/auth/account-schemas";
import { db } from "@/server/db/client";
import { announceCredentialsChanged } from "@/server/outbox/bus";
import { Prisma } from "@/server/db/client";
import { hashForUnknownUser, hashPassword, verifyPassword } from "./password";

/** What the rest of the app knows about a signed-in person. Never includes the hash. */
export type SessionUser = { id: string; name: string; email: string };

export async function createUserWithPassword(input: TSignUpSchema): Promise<SessionUser & { sessionVersion: number }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: { name: input.name, email: input.email, passwordHash },
      select: { id: true, name: true, email: true, sessionVersion: true },
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

/** Whether the account has a password (and so a password to change): not one made through another service. */
export async function hasPasswordSignIn(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(user?.passwordHash);
}

/** "Sign out everywhere": every token issued before this call stops working on its next use. */
export async function revokeAllSessions(userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
  await announceCredentialsChanged(); // its live streams end now, not at the next heartbeat
}

export type ExternalIdentity = {
  provider: string;
  providerAccountId: string;
  email: string | null | undefined;
  name: string | null | undefined;
  /** The provider asserts the person controls `email` (lib/auth/provider-email.ts); unknown counts as no. */
  isEmailVerified: boolean;
};

/** Why an external sign-in was turned away; the sign-in page explains each. */
export type ExternalSignInRefusal = "AccountExists" | "NoEmail" | "IdentityTaken";

export type ExternalSignInOutcome =
  { status: "signed-in"; user: SessionUser & { sessionVersion: number } } | { status: "refused"; reason: ExternalSignInRefusal };

const sessionUserSelect = { id: true, name: true, email: true, sessionVersion: true } as const;

/**
 * Who an external sign-in (GitHub, Google, OIDC) is. An identity already connected signs in as its
 * account. A new one is connected to an existing account with the same email ONLY when both sides
 * have proved the address: the account verified it with our link, and the provider asserts it
 * verified it. Anything less is refused, never linked silently: otherwise whoever signs up first
 * with someone's address (with a password, or at a provider that does not check addresses) would
 * share that person's account. With `connectTo` (the signed-in user started "Connect" from their
 * account page) the identity is connected to that account whatever its email.
 */
export async function resolveExternalSignIn(identity: ExternalIdentity, connectTo?: string): Promise<ExternalSignInOutcome> {
  const account = { provider: identity.provider, providerAccountId: identity.providerAccountId };
  const email = identity.email?.trim().toLowerCase() || null;
  const linked = await findUserByExternalAccount(identity.provider, identity.providerAccountId);
  if (linked) {
    if (connectTo && linked.id !== connectTo) return { status: "refused", reason: "IdentityTaken" };
    return { status: "signed-in", user: linked };
  }

  if (connectTo) {
    const user = await db.user.findUniqueOrThrow({ where: { id: connectTo }, select: { ...sessionUserSelect, emailVerifiedAt: true } });
    await db.account.create({ data: { ...account, userId: user.id } });
    // The provider vouching for this very address proves it as well as our link would.
    if (!user.emailVerifiedAt && identity.isEmailVerified && email === user.email) {
      await db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    }
    return { status: "signed-in", user: { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion } };
  }

  if (!email) return { status: "refused", reason: "NoEmail" };
  const existing = await db.user.findUnique({ where: { email }, select: { ...sessionUserSelect, emailVerifiedAt: true } });
  if (existing) {
    if (!existing.emailVerifiedAt || !identity.isEmailVerified) return { status: "refused", reason: "AccountExists" };
    await db.account.create({ data: { ...account, userId: existing.id } });
    return {
      status: "signed-in",
      user: { id: existing.id, name: existing.name, email: existing.email, sessionVersion: existing.sessionVersion },
    };
  }
  const created = await db.user.create({
    data: {
      email,
      name: identity.name?.trim() || email.split("@")[0],
      emailVerifiedAt: identity.isEmailVerified ? new Date() : null,
      accounts: { create: account },
    },
    select: sessionUserSelect,
  });
  return { status: "signed-in", user: created };
}

/** The account an external identity is connected to, or null. */
export async function findUserByExternalAccount(
  provider: string,
  providerAccountId: string,
): Promise<(SessionUser & { sessionVersion: number }) | null> {
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { user: { select: sessionUserSelect } },
  });
  return linked?.user ?? null;
}

/** The providers a user has connected, for the account page. */
export async function listConnectedProviders(userId: string): Promise<string[]> {
  const accounts = await db.account.findMany({ where: { userId }, select: { provider: true }, orderBy: { createdAt: "asc" } });
  return [...new Set(accounts.map((account) => account.provider))];
}

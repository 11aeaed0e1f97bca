// People for server-side tests, written straight to the database (the sign-up path has tests of its own).
import { hashPassword } from "@/server/auth/password";
import { db } from "@/server/db/client";

export type TestUser = { id: string; name: string; email: string };

let userCount = 0;

/** A person; the email is unique unless given. A password makes them able to sign in with it. */
export async function createUser(fields: { name?: string; email?: string; password?: string } = {}): Promise<TestUser> {
  userCount += 1;
  const name = fields.name ?? `Reader ${userCount}`;
  const email = fields.email ?? `reader-${userCount}-${process.pid}@example.edu`;
  const passwordHash = fields.password === undefined ? null : await hashPassword(fields.password);
  return db.user.create({ data: { name, email, passwordHash }, select: { id: true, name: true, email: true } });
}

/** One person per name (`<name>@<domain>`, spaces as dashes), by name. */
export async function createUsers<T extends string>(names: readonly T[], domain: string): Promise<Record<T, TestUser>> {
  const users = await Promise.all(names.map((name) => createUser({ name, email: `${name.toLowerCase().replaceAll(" ", "-")}@${domain}` })));
  return Object.fromEntries(names.map((name, index) => [name, users[index]])) as Record<T, TestUser>;
}

/** The client address tests act from where a limit counts per address (TEST-NET-1, never a real client's). */
export const TEST_IP = "192.0.2.1";

import "server-only";
import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";
import { z } from "zod";
import { db } from "@/server/db/client";
import { isHttps } from "./session-cookie";
import { openValue, sealValue } from "./signed-value";

/**
 * Known devices (OWASP's answer to lockout as a weapon): a browser that has signed in to an
 * account keeps a long-lived, signed, HttpOnly cookie saying so. Anyone can fill an email's
 * failure count from many addresses and lock it everywhere, and anyone behind a shared campus
 * address can fill that address's count; the account's own browsers are not refused by either
 * count, and have a failure budget of their own instead (server/auth/sign-in-throttle.ts). The cookie only chooses which counters an attempt is held
 * to: it signs nobody in, and "sign out everywhere" (which raises the session version) forgets
 * every device of the account.
 *
 * Path=/ because both ways of signing in must see it: next-auth's credentials callback and the
 * sign-in form's script-less action, which posts to the sign-in page itself.
 */
export const KNOWN_DEVICE_COOKIE = "marginalia.device";
const KNOWN_DEVICE_SECONDS = 365 * 24 * 60 * 60;
const PURPOSE = "known-device";

/** How many accounts a browser remembers, the most recent first: a family or lab computer's few. */
export const MAX_KNOWN_ACCOUNTS_PER_BROWSER = 5;

const ZKnownDevice = z.object({
  userId: z.string(),
  /** Random, per sign-in: names this browser's own failure budget, which nobody else can reach. */
  deviceId: z.string(),
  sessionVersion: z.number(),
  issuedAt: z.number(),
});
type KnownDeviceEntry = z.output<typeof ZKnownDevice>;
/** The cookie holds every account this browser signed in to (most recent first); one entry alone is how it was first written. */
const ZKnownDevices = z.union([
  z.object({ devices: z.array(ZKnownDevice).max(MAX_KNOWN_ACCOUNTS_PER_BROWSER) }).transform((value) => value.devices),
  ZKnownDevice.transform((device) => [device]),
]);

export type KnownDevice = { userId: string; deviceId: string };

/** The accounts a genuine, unexpired known-device cookie names; none for anything else. */
function devicesIn(cookieValue: string | null, now: Date): KnownDeviceEntry[] {
  const parsed = ZKnownDevices.safeParse(openValue(PURPOSE, cookieValue));
  if (!parsed.success) return [];
  return parsed.data.filter((device) => device.issuedAt + KNOWN_DEVICE_SECONDS * 1000 > now.getTime());
}

/**
 * The cookie's value for a browser that has just signed in as `user`: a new device for them, first,
 * then the other accounts `previous` (the cookie it had) remembered, up to the limit. Each account
 * on a shared computer keeps its own protection, not only the last to sign in.
 */
export function sealKnownDevice(
  user: { id: string; sessionVersion: number },
  now: Date = new Date(),
  previous: string | null = null,
): string {
  const others = devicesIn(previous, now).filter((device) => device.userId !== user.id);
  const device: KnownDeviceEntry = {
    userId: user.id,
    deviceId: randomUUID(),
    sessionVersion: user.sessionVersion,
    issuedAt: now.getTime(),
  };
  return sealValue(PURPOSE, { devices: [device, ...others].slice(0, MAX_KNOWN_ACCOUNTS_PER_BROWSER) });
}

/**
 * The device `cookieValue` names for the account `email` belongs to, when it is a known-device
 * cookie of ours, unexpired, issued since that account last signed out everywhere; else null.
 * `email` is trimmed and lower-case, as accounts store it.
 */
export async function knownDeviceFor(cookieValue: string | null, email: string, now: Date = new Date()): Promise<KnownDevice | null> {
  const devices = devicesIn(cookieValue, now);
  if (devices.length === 0) return null;
  const account = await db.user.findUnique({ where: { email }, select: { id: true, sessionVersion: true } });
  const device = devices.find((each) => each.userId === account?.id);
  if (!account || !device || account.sessionVersion !== device.sessionVersion) return null;
  return { userId: device.userId, deviceId: device.deviceId };
}

/** This request's known-device cookie as the browser sent it, or null. In a route handler or a server action. */
export async function thisBrowsersKnownDevice(): Promise<string | null> {
  return (await cookies()).get(KNOWN_DEVICE_COOKIE)?.value ?? null;
}

/**
 * Remembers this browser as a device of `user`, after it proved their password, beside the other
 * accounts it remembers (at most MAX_KNOWN_ACCOUNTS_PER_BROWSER, the oldest forgotten first). In a
 * route handler (next-auth's, whose answer Next.js adds the cookie to) or a server action.
 */
export async function rememberThisBrowser(user: { id: string; sessionVersion: number }): Promise<void> {
  const previous = await thisBrowsersKnownDevice();
  (await cookies()).set(KNOWN_DEVICE_COOKIE, sealKnownDevice(user, new Date(), previous), {
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(),
    path: "/",
    maxAge: KNOWN_DEVICE_SECONDS,
  });
}

"use server";
// The account page's "Close this account" (./close-account.ts). Posted from this origin only (proxy.ts).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { CloseAccountState } from "@/lib/auth/account-schemas";
import { AppError } from "@/lib/errors";
import { formatWaitTime } from "@/lib/format-duration";
import { clientIp } from "@/server/http/client-ip";
import { readForm } from "@/server/http/form-text";
import { closeAccount } from "./close-account";
import { thisBrowsersKnownDevice } from "./known-device";
import { requireUserForAction } from "./session";
import { SignInThrottledError } from "./sign-in-throttle";

export async function closeAccountAction(_previous: CloseAccountState, data: FormData): Promise<CloseAccountState> {
  const user = await requireUserForAction();
  const form = readForm(data);
  const email = form.text("email");
  if (form.refusal) return { status: "invalid", email, message: form.refusal.message };
  try {
    await closeAccount(
      user.id,
      { email, password: form.text("password") },
      { ip: clientIp(await headers()), knownDevice: await thisBrowsersKnownDevice() },
    );
  } catch (error) {
    if (error instanceof SignInThrottledError)
      return { status: "invalid", email, message: `Too many wrong passwords. Try again in ${formatWaitTime(error.retryAfterSeconds)}.` };
    if (error instanceof AppError) return { status: "invalid", email, message: error.message };
    throw error;
  }
  // Every session of the account ended with it (its session version went up): this browser's too.
  redirect("/account/closed");
}

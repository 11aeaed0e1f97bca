"use server";
// Server actions for "Forgot your password?" (./password-reset.ts). Posted from this origin only (proxy.ts).
import { after } from "next/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { type ForgotPasswordState, type ResetPasswordState, ZForgotPasswordSchema, ZResetPasswordSchema } from "@/lib/auth/account-schemas";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/server/http/client-ip";
import { readForm } from "@/server/http/form-text";
import { requestPasswordReset, resetPassword } from "./password-reset";

/** Asks for a reset link. The answer is the same whether or not an account uses the address; the mail goes after it. */
export async function requestPasswordResetAction(_previous: ForgotPasswordState, data: FormData): Promise<ForgotPasswordState> {
  const form = readForm(data);
  const typed = form.text("email");
  if (form.refusal) return { status: "invalid", email: typed, message: form.refusal.message };
  const parsed = ZForgotPasswordSchema.safeParse({ email: typed });
  if (!parsed.success) return { status: "invalid", email: typed, message: parsed.error.issues[0].message };
  try {
    const mail = await requestPasswordReset(parsed.data.email, clientIp(await headers()));
    // After the answer is sent: how long mailing takes must not tell whether the account exists.
    if (mail) after(() => mail().catch((error: unknown) => console.error("[password-reset] the mail could not be sent", error)));
  } catch (error) {
    if (error instanceof AppError) return { status: "invalid", email: typed, message: error.message };
    throw error;
  }
  return { status: "sent", email: parsed.data.email };
}

/** Sets the new password with the link's token; every session ends, so the person signs in anew. */
export async function resetPasswordAction(_previous: ResetPasswordState, data: FormData): Promise<ResetPasswordState> {
  const form = readForm(data);
  if (form.refusal) return { status: "invalid", message: form.refusal.message, isLinkDead: false };
  const parsed = ZResetPasswordSchema.safeParse({ token: form.text("token"), newPassword: form.text("newPassword") });
  if (!parsed.success) return { status: "invalid", message: parsed.error.issues[0].message, isLinkDead: false };
  try {
    await resetPassword(parsed.data.token, parsed.data.newPassword);
  } catch (error) {
    if (error instanceof AppError) return { status: "invalid", message: error.message, isLinkDead: error.code === "GONE" };
    throw error;
  }
  // A page of its own to land on, with or without JavaScript: the reset page itself, drawn again
  // for a form posted without it, would find its link used and say so (QA round 5).
  redirect("/signin?passwordReset=1");
}

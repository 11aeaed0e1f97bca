import { withoutDirectionControls } from "@/lib/text/one-line-label";
import { hasVisibleCharacter } from "@/lib/text/visible";
import { z } from "zod";

import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-limits";

export { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-limits";

const ZEmail = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

/**
 * A name as people write it: any script, any punctuation, "<b>" and quotes included (they are
 * shown as text everywhere). Refused: control characters and line separators (a newline or an
 * escape sequence in a name breaks lines in exports, emails and logs). Spaces around it are trimmed.
 */
const ZName = z
  .string({ error: "Enter your name." })
  .overwrite(withoutDirectionControls)
  .trim()
  .min(1, "Enter your name.")
  .max(MAX_NAME_LENGTH, `Use at most ${MAX_NAME_LENGTH} characters for your name.`)
  .refine((name) => !/[\p{Cc}\u2028\u2029]/u.test(name), "A name cannot contain line breaks, tabs or other control characters.")
  .refine(hasVisibleCharacter, "Enter a name people can see.");

const ZNewPassword = z
  .string({ error: "Choose a password." })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters for your password.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters for your password.`)
  // Spaces are welcome in a passphrase, but eight of them and nothing else is guessed first.
  .refine(hasVisibleCharacter, "A password of spaces alone is too easy to guess: use letters, digits or symbols too.");

export const ZSignUpSchema = z.object({ name: ZName, email: ZEmail, password: ZNewPassword });
export type TSignUpSchema = z.infer<typeof ZSignUpSchema>;

export const ZChangeNameSchema = z.object({ name: ZName });
export type TChangeNameSchema = z.infer<typeof ZChangeNameSchema>;

export const ZChangePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(MAX_PASSWORD_LENGTH),
  newPassword: ZNewPassword,
});
export type TChangePasswordSchema = z.infer<typeof ZChangePasswordSchema>;

/** What the account page's name and password forms show after each submission. */
export type AccountFormState =
  | { status: "idle" }
  | { status: "saved"; message: string }
  | { status: "invalid"; message?: string; errors: Record<string, string | undefined> };

export const ZSignInSchema = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH),
});
export type TSignInSchema = z.infer<typeof ZSignInSchema>;

export const ZForgotPasswordSchema = z.object({ email: ZEmail });

export const ZResetPasswordSchema = z.object({
  token: z.string().min(1, "This link is incomplete: open the link from the mail again.").max(2000),
  newPassword: ZNewPassword,
});

/** What "Forgot your password?" answers: the same whether or not an account uses the address. */
export type ForgotPasswordState =
  { status: "idle" } | { status: "sent"; email: string } | { status: "invalid"; email: string; message: string };

/** What the reset form answers. */
export type ResetPasswordState = { status: "idle" } | { status: "invalid"; message: string; isLinkDead: boolean };

/** What "Close this account" answers when it does not close it (closing goes to /account/closed). */
export type CloseAccountState = { status: "idle" } | { status: "invalid"; email: string; message: string };

/** Field name → first message, the shape forms render beside each field. */
export type FieldErrors<T> = Partial<Record<keyof T, string>>;

export function firstFieldErrors<T>(error: z.ZodError<T>): FieldErrors<T> {
  const errors: FieldErrors<T> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as keyof T | undefined;
    if (field !== undefined && errors[field] === undefined) errors[field] = issue.message;
  }
  return errors;
}

/** What the sign-up form shows after each submission. */
/** What the sign-in form's script-less action answers (server/auth/actions.ts); a success goes on instead. */
export type SignInFormState =
  | { status: "idle" }
  | { status: "wrong-credentials"; email: string }
  | { status: "rate-limited"; retryAfterSeconds: number; email: string };

export type SignUpState =
  | { status: "idle" }
  | {
      status: "invalid";
      message?: string;
      errors: FieldErrors<TSignUpSchema & { joinCode: string }>;
      values: { name: string; email: string; joinCode?: string };
    }
  /** `next`: where to go instead of the callback URL (the group a join code joined). */
  | { status: "created"; email: string; next?: string };

/** What "Resend verification email" on the account page answers. */
export type MailActionResult = { status: "idle" } | { status: "sent" } | { status: "failed"; message: string };

/** What the button on /verify-email answers. */
export type ConfirmEmailResult = { status: "idle" } | { status: "verified" } | { status: "failed"; message: string };

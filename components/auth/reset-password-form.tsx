"use client";
import Link from "next/link";
import { useActionState } from "react";
import type { ResetPasswordState } from "@/lib/auth/account-schemas";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-limits";
import { ignoreWhile } from "@/components/common/ignore-while-busy";

type Props = {
  token: string;
  email: string;
  /** The server action (server/auth/password-reset-actions.ts), passed in by the page. */
  reset: (previous: ResetPasswordState, form: FormData) => Promise<ResetPasswordState>;
};

/** The new password, from the mailed link. Works before hydration too. */
export function ResetPasswordForm({ token, email, reset }: Props) {
  const [state, action, isPending] = useActionState(reset, { status: "idle" });
  const error = state.status === "invalid" ? state : null;
  return (
    <form action={action} onSubmit={ignoreWhile(isPending)} className="form" noValidate>
      <input type="hidden" name="token" value={token} />
      {/* For password managers: whose password this is. */}
      <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
      <div className="field">
        <label htmlFor="reset-password">New password</label>
        <input
          id="reset-password"
          name="newPassword"
          type="password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          autoComplete="new-password"
          aria-invalid={error && !error.isLinkDead ? true : undefined}
          aria-describedby={`reset-password-hint${error ? " reset-error" : ""}`}
        />
        <span id="reset-password-hint" className="field__hint">
          At least {MIN_PASSWORD_LENGTH} characters. Every device signed in as you is signed out.
        </span>
      </div>
      <div role="alert">
        {error && (
          <p id="reset-error" className="notice notice--error">
            {error.message} {error.isLinkDead && <Link href="/forgot-password">Ask for a new link</Link>}
          </p>
        )}
      </div>
      <button type="submit" className="button" aria-disabled={isPending || undefined}>
        {isPending ? "Saving…" : "Set the new password"}
      </button>
    </form>
  );
}

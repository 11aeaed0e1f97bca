"use client";
import { useActionState } from "react";
import type { AccountFormState } from "@/lib/auth/account-schemas";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-limits";
import { ignoreWhile } from "@/components/common/ignore-while-busy";

type Props = {
  /** The server action (server/auth/actions.ts), passed in by the page. */
  change: (previous: AccountFormState, form: FormData) => Promise<AccountFormState>;
};

/** A new password, given the current one; signs out every other session. A form action: works before hydration too. */
export function ChangePasswordForm({ change }: Props) {
  const [state, action, isPending] = useActionState(change, { status: "idle" });
  const errors = state.status === "invalid" ? state.errors : {};
  return (
    <form action={action} onSubmit={ignoreWhile(isPending)} className="form account-form" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <div className="field">
        <label htmlFor="current-password">Current password</label>
        <input
          id="current-password"
          name="currentPassword"
          type="password"
          required
          autoComplete="current-password"
          aria-invalid={errors.currentPassword ? true : undefined}
          aria-describedby={errors.currentPassword ? "current-password-error" : undefined}
        />
        <span role="alert">
          {errors.currentPassword && (
            <span id="current-password-error" className="field__error">
              {errors.currentPassword}
            </span>
          )}
        </span>
      </div>
      <div className="field">
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          name="newPassword"
          type="password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          autoComplete="new-password"
          aria-invalid={errors.newPassword ? true : undefined}
          aria-describedby={`new-password-hint${errors.newPassword ? " new-password-error" : ""}`}
        />
        <span id="new-password-hint" className="field__hint">
          At least {MIN_PASSWORD_LENGTH} characters. Every other device signed in as you is signed out; this one stays signed in.
        </span>
        <span role="alert">
          {errors.newPassword && (
            <span id="new-password-error" className="field__error">
              {errors.newPassword}
            </span>
          )}
        </span>
      </div>
      <div>
        <button type="submit" className="button" aria-disabled={isPending || undefined}>
          {isPending ? "Changing…" : "Change password"}
        </button>
      </div>
      {state.status === "invalid" && state.message && (
        <p className="notice notice--error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === "saved" && (
        <p className="notice notice--success" role="status">
          {state.message}
        </p>
      )}
    </form>
  );
}

"use client";
import Link from "next/link";
import { useActionState } from "react";
import type { ForgotPasswordState } from "@/lib/auth/account-schemas";
import { ignoreWhile } from "@/components/common/ignore-while-busy";

type Props = {
  /** The server action (server/auth/password-reset-actions.ts), passed in by the page. */
  request: (previous: ForgotPasswordState, form: FormData) => Promise<ForgotPasswordState>;
};

/** "Forgot your password?": an address, then the same answer whether or not an account uses it. Works before hydration too. */
export function ForgotPasswordForm({ request }: Props) {
  const [state, action, isPending] = useActionState(request, { status: "idle" });
  if (state.status === "sent")
    return (
      <div role="status">
        <p className="notice notice--success">
          If an account uses <strong>{state.email}</strong>, a link to choose a new password is on its way there. It works once, for an
          hour.
        </p>
        <p>
          No mail after a few minutes? Check the spam folder, or <Link href="/forgot-password">ask again</Link>.{" "}
          <Link href="/signin">Back to sign in</Link>
        </p>
      </div>
    );
  return (
    <form action={action} onSubmit={ignoreWhile(isPending)} className="form" noValidate>
      <div className="field">
        <label htmlFor="forgot-email">Email</label>
        <input
          id="forgot-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.status === "invalid" ? state.email : undefined}
          aria-invalid={state.status === "invalid" ? true : undefined}
          aria-describedby={state.status === "invalid" ? "forgot-error" : undefined}
        />
        <span role="alert">
          {state.status === "invalid" && (
            <span id="forgot-error" className="field__error">
              {state.message}
            </span>
          )}
        </span>
      </div>
      <button type="submit" className="button" aria-disabled={isPending || undefined}>
        {isPending ? "Sending…" : "Send me a link"}
      </button>
      <p>
        Remembered it? <Link href="/signin">Sign in</Link>
      </p>
    </form>
  );
}

"use client";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import Link from "next/link";
import { useActionState, useEffect, useState } from "react";
import type { SignInFormState } from "@/lib/auth/account-schemas";
import { formatWaitTime } from "@/lib/format-duration";
import { signInWithPassword } from "./sign-in-with-password";

type Props = {
  callbackUrl: string;
  initialRetryAfterSeconds?: number;
  /** The form's action before this script runs: checks the password and signs in (server/auth/actions.ts). */
  signInWithoutScript: (previous: SignInFormState, form: FormData) => Promise<SignInFormState>;
};

const WRONG_CREDENTIALS = "Wrong email or password. Check both and try again.";

export function SignInForm({ callbackUrl, initialRetryAfterSeconds, signInWithoutScript }: Props) {
  // Submitted before hydration, the browser posts the form to signInWithoutScript, and the page
  // comes back with its answer here; once hydrated, onSubmit takes over (and prevents that post).
  const [scriptlessState, scriptlessAction] = useActionState(signInWithoutScript, { status: "idle" });
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(scriptlessState.status === "wrong-credentials" ? WRONG_CREDENTIALS : null);
  const [secondsToWait, setSecondsToWait] = useState(
    scriptlessState.status === "rate-limited" ? scriptlessState.retryAfterSeconds : (initialRetryAfterSeconds ?? 0),
  );
  const isRateLimited = secondsToWait > 0;

  // While rate-limited, count down once a second so the wait shown stays true and the button
  // comes back by itself.
  useEffect(() => {
    if (!isRateLimited) return;
    const timer = setInterval(() => setSecondsToWait((seconds) => Math.max(0, seconds - 1)), 1000);
    return () => clearInterval(timer);
  }, [isRateLimited]);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPending) return;
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!email || !password) {
      setError(!email ? "Enter your email address." : "Enter your password.");
      return;
    }
    setIsPending(true);
    setError(null);
    const outcome = await signInWithPassword(email, password, callbackUrl);
    if (outcome.status === "signed-in") {
      // A full navigation, so every server component renders again with the new session.
      window.location.assign(safeCallbackUrl(callbackUrl));
      return;
    }
    setIsPending(false);
    if (outcome.status === "rate-limited") {
      setSecondsToWait(outcome.retryAfterSeconds);
    } else if (outcome.status === "wrong-credentials") {
      setError(WRONG_CREDENTIALS);
    } else {
      setError("We could not sign you in just now. Check your connection and try again.");
    }
  }

  return (
    <form className="form" action={scriptlessAction} onSubmit={onSubmit} noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div role="alert" aria-live="assertive">
        {isRateLimited ? (
          <p className="notice notice--error">Too many failed sign-in attempts. Try again in {formatWaitTime(secondsToWait)}.</p>
        ) : error ? (
          <p className="notice notice--error">{error}</p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="signin-email">Email</label>
        <input
          id="signin-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={scriptlessState.status === "idle" ? undefined : scriptlessState.email}
        />
      </div>
      <div className="field">
        <label htmlFor="signin-password">Password</label>
        <input id="signin-password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button className="button" type="submit" disabled={isRateLimited} aria-disabled={isPending || undefined}>
        {isPending ? "Signing in…" : "Sign in"}
      </button>
      {/* After the button: Tab from the password goes to "Sign in", as people expect. */}
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link>
      </p>
    </form>
  );
}

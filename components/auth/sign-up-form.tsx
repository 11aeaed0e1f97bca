"use client";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import Link from "next/link";
import { useActionState, useState } from "react";
import type { SignUpState } from "@/lib/auth/account-schemas";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-limits";
import { signInWithPassword } from "./sign-in-with-password";

type FieldName = "name" | "email" | "password" | "joinCode";

/** How the server's "this email already has an account" error ends. */
const SIGN_IN_INSTEAD = "Sign in instead.";

type Props = {
  callbackUrl: string;
  /** The token of the invitation link the person arrived through, if any: a class signs up on it. */
  invitation?: string;
  /** The server action that creates the account (server/auth/actions.ts), passed in by the page. */
  signUp: (previous: SignUpState, form: FormData) => Promise<SignUpState>;
  /** The form's action before this script runs: creates the account and signs in (server/auth/actions.ts). */
  signUpWithoutScript: (previous: SignUpState, form: FormData) => Promise<SignUpState>;
};

export function SignUpForm({ callbackUrl, invitation, signUp, signUpWithoutScript }: Props) {
  // Submitted before hydration, the browser posts the form to signUpWithoutScript, and the page
  // comes back with its answer here; once hydrated, onSubmit takes over (and prevents that post).
  const [scriptlessState, scriptlessAction] = useActionState(signUpWithoutScript, { status: "idle" });
  const [state, setState] = useState<SignUpState>(scriptlessState);
  const typed = scriptlessState.status === "invalid" ? scriptlessState.values : undefined;
  const [isPending, setIsPending] = useState(false);
  const [afterSignUpError, setAfterSignUpError] = useState<string | null>(null);
  // How many refusals so far: each draws the errors anew, so the same errors twice are heard twice.
  const [refusals, setRefusals] = useState(0);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget; // React clears currentTarget once the handler awaits
    const form = new FormData(formElement);
    setIsPending(true);
    setAfterSignUpError(null);
    const result = await signUp({ status: "idle" }, form).catch((): SignUpState => ({
      status: "invalid",
      message: "We could not create your account just now. Try again in a moment.",
      errors: {},
      values: { name: String(form.get("name")), email: String(form.get("email")), joinCode: String(form.get("joinCode") ?? "") },
    }));
    setState(result);
    if (result.status !== "created") {
      setRefusals((count) => count + 1);
      setIsPending(false);
      focusFirstInvalidField(formElement, result);
      return;
    }
    const outcome = await signInWithPassword(result.email, String(form.get("password")), callbackUrl);
    if (outcome.status === "signed-in") {
      window.location.assign(safeCallbackUrl(result.next ?? callbackUrl));
      return;
    }
    setIsPending(false);
    setAfterSignUpError("Your account was created, but signing in failed. Sign in to continue.");
  }

  const errors = state.status === "invalid" ? state.errors : {};
  const fieldProps = (field: FieldName) => ({
    name: field,
    id: `signup-${field}`,
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby":
      [field === "password" || field === "joinCode" ? `signup-${field}-hint` : null, errors[field] ? `signup-${field}-error` : null]
        .filter(Boolean)
        .join(" ") || undefined,
  });
  const signInHref = `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  // Each field's error is in a live region of its own, there before it speaks, as in the account
  // forms: moving focus to the first alone said nothing when it was there already (Enter in an
  // empty Name, a wrong join code: an independent check). Keyed by the refusal, an error is put
  // in anew each time, so the same words again are heard again.
  const fieldError = (field: FieldName) => {
    const error = errors[field];
    // "An account with this email already exists. Sign in instead." (server/auth/users.ts): the advice is a link.
    const isSignInAdvice = field === "email" && error?.endsWith(SIGN_IN_INSTEAD);
    return (
      <div role="alert">
        {error && (
          <p key={refusals} id={`signup-${field}-error`} className="field__error">
            {isSignInAdvice ? (
              <>
                {error.slice(0, -SIGN_IN_INSTEAD.length)}
                <Link href={signInHref}>Sign in instead</Link>.
              </>
            ) : (
              error
            )}
          </p>
        )}
      </div>
    );
  };

  return (
    <form className="form" action={scriptlessAction} onSubmit={onSubmit} noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div role="alert" aria-live="assertive">
        {state.status === "invalid" && state.message && <p className="notice notice--error">{state.message}</p>}
        {afterSignUpError && (
          <p className="notice notice--error">
            {afterSignUpError} <Link href="/signin">Sign in</Link>
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="signup-name">Name</label>
        <input {...fieldProps("name")} type="text" dir="auto" autoComplete="name" required maxLength={100} defaultValue={typed?.name} />
        {fieldError("name")}
      </div>
      <div className="field">
        <label htmlFor="signup-email">Email</label>
        <input {...fieldProps("email")} type="email" autoComplete="email" required defaultValue={typed?.email} />
        {fieldError("email")}
      </div>
      <div className="field">
        <label htmlFor="signup-password">Password</label>
        <span id="signup-password-hint" className="field__hint">
          At least {MIN_PASSWORD_LENGTH} characters.
        </span>
        <input {...fieldProps("password")} type="password" autoComplete="new-password" required />
        {fieldError("password")}
      </div>
      {invitation ? (
        <input type="hidden" name="invitation" value={invitation} />
      ) : (
        <div className="field">
          <label htmlFor="signup-joinCode">
            Join code <span className="field__hint">(optional)</span>
          </label>
          <span id="signup-joinCode-hint" className="field__hint">
            If your instructor or group gave you one, you join their group as you sign up.
          </span>
          <input {...fieldProps("joinCode")} type="text" autoComplete="off" maxLength={40} defaultValue={typed?.joinCode} />
          {fieldError("joinCode")}
        </div>
      )}
      <button className="button" type="submit" disabled={isPending}>
        {isPending ? "Creating your account…" : "Create account"}
      </button>
      <p>
        Already have an account? <Link href={signInHref}>Sign in</Link>
      </p>
    </form>
  );
}

function focusFirstInvalidField(form: HTMLFormElement, state: SignUpState) {
  if (state.status !== "invalid") return;
  const first = (["name", "email", "password", "joinCode"] as const).find((field) => state.errors[field]);
  if (first) form.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
}

"use client";
import { useActionState } from "react";
import type { CloseAccountState } from "@/lib/auth/account-schemas";
import { ignoreWhile } from "@/components/common/ignore-while-busy";

type Props = {
  hasPassword: boolean;
  /** The server action (server/auth/close-account-action.ts), passed in by the page. */
  close: (previous: CloseAccountState, form: FormData) => Promise<CloseAccountState>;
};

/** Closing an account for good: the address typed out, and the password when there is one. Works before hydration too. */
export function CloseAccountForm({ hasPassword, close }: Props) {
  const [state, action, isPending] = useActionState(close, { status: "idle" });
  return (
    <form action={action} onSubmit={ignoreWhile(isPending)} className="form account-form" aria-labelledby="close-heading">
      <h2 id="close-heading">Close this account</h2>
      <p>
        Your annotations, replies, readings, reading progress, tokens and memberships are deleted, and you are signed out everywhere. What
        others wrote stays theirs: a note of yours that others answered stays as “deleted”, so their answers still read; a reading of yours
        others annotated closes to everyone, and they keep their notes. Scores and feedback you gave stay, under “Deleted account”. Export
        what you want to keep first (My notes). This cannot be undone.
      </p>
      <div className="field">
        <label htmlFor="close-email">Type this account&apos;s email address to confirm</label>
        <input
          id="close-email"
          name="email"
          type="email"
          autoComplete="off"
          required
          defaultValue={state.status === "invalid" ? state.email : undefined}
        />
      </div>
      {hasPassword && (
        <div className="field">
          <label htmlFor="close-password">Password</label>
          <input id="close-password" name="password" type="password" autoComplete="current-password" required />
        </div>
      )}
      <div role="alert">{state.status === "invalid" && <p className="notice notice--error">{state.message}</p>}</div>
      <div>
        <button type="submit" className="button button--danger" aria-disabled={isPending || undefined}>
          {isPending ? "Closing…" : "Close my account for good"}
        </button>
      </div>
    </form>
  );
}

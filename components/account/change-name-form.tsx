"use client";
import { useActionState } from "react";
import type { AccountFormState } from "@/lib/auth/account-schemas";
import { MAX_NAME_LENGTH } from "@/lib/auth/password-limits";
import { ignoreWhile } from "@/components/common/ignore-while-busy";

type Props = {
  name: string;
  /** The server action that stores it (server/auth/actions.ts), passed in by the page. */
  save: (previous: AccountFormState, form: FormData) => Promise<AccountFormState>;
};

/** The name others see on my notes and in groups. A form action: works before hydration too. */
export function ChangeNameForm({ name, save }: Props) {
  const [state, action, isPending] = useActionState(save, { status: "idle" });
  const error = state.status === "invalid" ? state.errors.name : undefined;
  return (
    <form action={action} onSubmit={ignoreWhile(isPending)} className="form account-form" aria-labelledby="name-heading">
      <h2 id="name-heading">Your name</h2>
      <div className="field">
        <label htmlFor="account-name">Name shown to others</label>
        <input
          id="account-name"
          name="name"
          dir="auto"
          defaultValue={name}
          required
          maxLength={MAX_NAME_LENGTH}
          autoComplete="name"
          aria-invalid={error ? true : undefined}
          aria-describedby={`account-name-hint${error ? " account-name-error" : ""}`}
        />
        <span id="account-name-hint" className="field__hint">
          On your notes, replies and in your groups; others can @mention you by it. Up to {MAX_NAME_LENGTH} characters.
        </span>
        <span role="alert">
          {error && (
            <span id="account-name-error" className="field__error">
              {error}
            </span>
          )}
        </span>
      </div>
      <div>
        <button type="submit" className="button" aria-disabled={isPending || undefined}>
          {isPending ? "Saving…" : "Save name"}
        </button>
      </div>
      {state.status === "saved" && (
        <p className="notice notice--success" role="status">
          {state.message}
        </p>
      )}
    </form>
  );
}

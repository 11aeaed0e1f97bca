"use client";
import { CopyHint } from "@/components/common/copy-hint";
import { useCopyToClipboard } from "@/components/common/use-copy-to-clipboard";
import { useActionState } from "react";
import type { CreateApiTokenState } from "@/lib/tokens/schemas";
import { MAX_TOKEN_NAME_LENGTH, TOKEN_SCOPE_LABELS, TOKEN_SCOPES } from "@/lib/tokens/scopes";
import { ignoreWhile } from "@/components/common/ignore-while-busy";

type Props = {
  /** The server action that creates the token (server/tokens/actions.ts), passed in by the page. */
  create: (previous: CreateApiTokenState, form: FormData) => Promise<CreateApiTokenState>;
};

const EXPIRY_CHOICES = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
] as const;

/** Names a new token, picks its access and lifetime, and shows the token the one time it exists in plain text. */
export function CreateApiTokenForm({ create }: Props) {
  const [state, action, isPending] = useActionState(create, { status: "idle" });
  const errors = state.status === "invalid" ? state.errors : {};
  return (
    <>
      <div role="status">
        {state.status === "created" && (
          <p className="notice notice--success">Token “{state.name}” created. Copy it now: it will not be shown again.</p>
        )}
        {state.status === "invalid" && state.message && <p className="notice notice--error">{state.message}</p>}
      </div>
      {state.status === "created" && <NewToken key={state.token} token={state.token} />}
      <form action={action} onSubmit={ignoreWhile(isPending)} className="form token-form" aria-labelledby="new-token-heading">
        <h3 id="new-token-heading">New token</h3>
        <div className="field">
          <label htmlFor="token-name">Name</label>
          <input
            id="token-name"
            name="name"
            required
            maxLength={MAX_TOKEN_NAME_LENGTH}
            placeholder="e.g. Export script"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "token-name-error" : "token-name-hint"}
          />
          <p id="token-name-hint" className="field__hint">
            What will use it, so you know which one to revoke later.
          </p>
          {errors.name && (
            <p id="token-name-error" className="field__error">
              {errors.name}
            </p>
          )}
        </div>
        <fieldset className="token-form__choices" aria-describedby={errors.scope ? "token-scope-error" : undefined}>
          <legend>Access</legend>
          {TOKEN_SCOPES.map((scope) => (
            <div key={scope} className="field field--checkbox">
              <input id={`token-scope-${scope}`} type="radio" name="scope" value={scope} defaultChecked={scope === "read"} />
              <label htmlFor={`token-scope-${scope}`}>{TOKEN_SCOPE_LABELS[scope]}</label>
            </div>
          ))}
          {errors.scope && (
            <p id="token-scope-error" className="field__error">
              {errors.scope}
            </p>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor="token-expires">Expires</label>
          <select
            id="token-expires"
            name="expiresInDays"
            defaultValue="90"
            aria-invalid={errors.expiresInDays ? true : undefined}
            aria-describedby={errors.expiresInDays ? "token-expires-error" : undefined}
          >
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
          {errors.expiresInDays && (
            <p id="token-expires-error" className="field__error">
              {errors.expiresInDays}
            </p>
          )}
        </div>
        <div>
          <button type="submit" className="button" aria-disabled={isPending || undefined}>
            {isPending ? "Creating…" : "Create token"}
          </button>
        </div>
      </form>
    </>
  );
}

function NewToken({ token }: { token: string }) {
  const { inputRef, copyStatus, copy } = useCopyToClipboard(token);

  return (
    <div className="field new-token">
      <label htmlFor="new-api-token">Your new token</label>
      <div className="new-token__row">
        <input
          ref={inputRef}
          id="new-api-token"
          readOnly
          value={token}
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby="new-api-token-hint"
        />
        <button type="button" className="button" onClick={copy}>
          Copy
        </button>
      </div>
      <CopyHint id="new-api-token-hint" status={copyStatus} what="the token">
        Send it as{" "}
        <code>
          Authorization: Bearer <var>token</var>
        </code>
        .
      </CopyHint>
    </div>
  );
}

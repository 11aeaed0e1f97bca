import { TOKEN_SCOPE_LABELS, type ApiTokenSummary } from "@/lib/tokens/schemas";
import { RevokeApiTokenButton } from "./revoke-api-token-button";
import { formatDay } from "@/lib/format-date";

type Props = {
  /** Labelled by the page's "Your tokens" heading (id api-token-list-heading). */
  tokens: ApiTokenSummary[];
  /** When the page was rendered, to tell expired tokens apart. */
  now: Date;
  /** The server action that revokes a token (server/tokens/actions.ts), passed in by the page. */
  revoke: (id: string) => Promise<{ ok: true } | { ok: false; message: string }>;
};

// Rendered on the server only, so a fixed time zone keeps the dates the same for everyone.

/** My live tokens: what each is called, how it starts, what it may do and when it was last used. */
export function ApiTokenList({ tokens, now, revoke }: Props) {
  if (tokens.length === 0) return <p className="field__hint">You have no API tokens.</p>;
  return (
    <ul className="token-list" aria-labelledby="api-token-list-heading">
      {tokens.map((token) => {
        const isExpired = token.expiresAt !== null && token.expiresAt <= now;
        return (
          <li key={token.id} className="token-list__item">
            <div className="token-list__name">
              <strong>{token.name}</strong> <code>{token.prefix}…</code>
            </div>
            <dl className="token-list__meta">
              <dt>Access</dt>
              <dd>{TOKEN_SCOPE_LABELS[token.scope]}</dd>
              <dt>Created</dt>
              <dd>{dayElement(token.createdAt)}</dd>
              <dt>{isExpired ? "Expired" : "Expires"}</dt>
              <dd className={isExpired ? "token-list__expired" : undefined}>{token.expiresAt ? dayElement(token.expiresAt) : "Never"}</dd>
              <dt>Last used</dt>
              <dd>{token.lastUsedAt ? dayElement(token.lastUsedAt) : "Never"}</dd>
            </dl>
            <RevokeApiTokenButton id={token.id} name={token.name} revoke={revoke} />
          </li>
        );
      })}
    </ul>
  );
}

function dayElement(date: Date) {
  return <time dateTime={date.toISOString()}>{formatDay(date, "UTC")}</time>;
}

"use client";
import { useState, useTransition } from "react";

type Props = {
  id: string;
  name: string;
  /** The server action that revokes it (server/tokens/actions.ts), passed in by the page. */
  revoke: (id: string) => Promise<{ ok: true } | { ok: false; message: string }>;
};

export function RevokeApiTokenButton({ id, name, revoke }: Props) {
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function onClick() {
    if (isPending) return;
    if (!window.confirm(`Revoke “${name}”? Anything using it stops working at once.`)) return;
    setError(null);
    startTransition(async () => {
      const result = await revoke(id).catch(() => ({
        ok: false as const,
        message: "That did not work. The token still works; try again.",
      }));
      if (!result.ok) setError(result.message);
    });
  }

  return (
    <>
      <button type="button" className="button button--danger button--small" onClick={onClick} aria-disabled={isPending || undefined}>
        {isPending ? "Revoking…" : "Revoke"}
        <span className="visually-hidden"> “{name}”</span>
      </button>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
    </>
  );
}

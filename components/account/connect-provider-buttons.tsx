"use client";
import { useState } from "react";
import { signInWithProvider } from "@/components/auth/next-auth-requests";

type Props = {
  /** Enabled providers this account has not connected yet. */
  providers: { id: string; name: string }[];
  /** The server action that remembers which account to connect to (server/auth/actions.ts). */
  startConnecting: (provider: string) => Promise<{ ok: true } | { ok: false; message: string }>;
};

/** Connects GitHub, Google or single sign-on to the signed-in account, whatever email it has there. */
export function ConnectProviderButtons({ providers, startConnecting }: Props) {
  const [error, setError] = useState<string | null>(null);
  if (providers.length === 0) return null;

  async function connect(provider: string) {
    setError(null);
    try {
      const started = await startConnecting(provider);
      if (!started.ok) return setError(started.message);
      await signInWithProvider(provider, "/account");
    } catch {
      setError("That did not work. Try again.");
    }
  }

  return (
    <>
      <div className="form">
        {providers.map((provider) => (
          <button key={provider.id} type="button" className="button button--quiet" onClick={() => connect(provider.id)}>
            Connect {provider.name}
          </button>
        ))}
      </div>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
    </>
  );
}

"use client";
import { useState } from "react";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { useUnsyncedChangesCheck } from "@/components/offline/unsynced-changes-check";
import { signOutTo } from "./next-auth-requests";

type Props = {
  /** The server action that revokes every session (server/auth/actions.ts), passed in by the page. */
  signOutEverywhere: () => Promise<unknown>;
};

const OFFLINE = "You are offline: nothing was signed out. Signing out everywhere needs a connection; try again once you are online.";

export function SignOutEverywhereButton({ signOutEverywhere }: Props) {
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const check = useUnsyncedChangesCheck();
  const isInteractive = useIsInteractive();

  async function onClick() {
    if (isPending) return;
    setError(null);
    // Ending every session is the server's to do: offline nothing is asked, ended or cleared, and the page says so.
    if (!navigator.onLine) return setError(OFFLINE);
    if (!(await check.mayLeave())) return;
    setIsPending(true);
    try {
      await signOutEverywhere();
      // This browser's cookie is already worthless; clear it too and leave.
      await signOutTo("/signin?signedOutEverywhere=1");
    } catch {
      setIsPending(false);
      setError(navigator.onLine ? "That did not work. Your sessions are unchanged; try again." : OFFLINE);
    }
  }

  return (
    <>
      <button
        type="button"
        className="button button--danger"
        onClick={onClick}
        disabled={!isInteractive}
        aria-disabled={isPending || undefined}
      >
        {isPending ? "Signing out everywhere…" : "Sign out everywhere"}
      </button>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
      {check.dialog}
    </>
  );
}

"use client";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { useUnsyncedChangesCheck } from "@/components/offline/unsynced-changes-check";

/**
 * Sign out needs the page's script (it asks about waiting changes, then posts next-auth's form), so
 * until the page is interactive the button is disabled rather than silently doing nothing. Offline it
 * clears the device and says so (./next-auth-requests.ts, signOutTo).
 */
export function SignOutButton() {
  const check = useUnsyncedChangesCheck();
  const isInteractive = useIsInteractive();
  return (
    <>
      <button
        type="button"
        className="button button--link"
        disabled={!isInteractive}
        onClick={async () => {
          if (!(await check.mayLeave())) return;
          // Loaded on use: it is not needed until then.
          const { signOutTo } = await import("./next-auth-requests");
          await signOutTo("/").catch(() => window.alert("You are still signed in: the server did not answer as expected. Try again."));
        }}
      >
        Sign out
      </button>
      {check.dialog}
    </>
  );
}

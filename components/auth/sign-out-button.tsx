"use client";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { useUnsyncedChangesCheck } from "@/components/offline/unsynced-changes-check";
import { signOutTo } from "./next-auth-requests";

/**
 * Sign out needs the page's script (it asks about waiting changes, then posts next-auth's form), so
 * until the page is interactive the button is disabled rather than silently doing nothing.
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
          if (await check.mayLeave()) await signOutTo("/");
        }}
      >
        Sign out
      </button>
      {check.dialog}
    </>
  );
}

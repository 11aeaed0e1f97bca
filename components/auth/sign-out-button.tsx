"use client";
import { useSyncExternalStore } from "react";
import { useUnsyncedChangesCheck } from "@/components/offline/unsynced-changes-check";
import { signOutTo } from "./next-auth-requests";

const noSubscription = () => () => {};

/**
 * Sign out needs the page's script (it asks about waiting changes, then posts next-auth's form), so
 * until the page is interactive the button is disabled rather than silently doing nothing when
 * clicked: false while rendered on the server and hydrating, true after.
 */
export function useIsInteractive(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

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

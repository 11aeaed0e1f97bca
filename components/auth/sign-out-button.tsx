"use client";
import { useUnsyncedChangesCheck } from "@/components/offline/unsynced-changes-check";
import { signOutTo } from "./next-auth-requests";

export function SignOutButton() {
  const check = useUnsyncedChangesCheck();
  return (
    <>
      <button
        type="button"
        className="button button--link"
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

"use client";
import { signOutTo } from "./next-auth-requests";

export function SignOutButton() {
  return (
    <button type="button" className="button button--link" onClick={() => void signOutTo("/")}>
      Sign out
    </button>
  );
}

"use client";
import Link from "next/link";
import { useState } from "react";
import type { ConfirmEmailResult } from "@/lib/auth/account-schemas";

type Props = {
  token: string;
  /** The server action that uses the link (server/auth/actions.ts), passed in by the page. */
  confirm: (token: string) => Promise<ConfirmEmailResult>;
};

/**
 * A button rather than verifying on page load: a mail scanner that opens the link first must not
 * use it up, and the person sees which account they are verifying.
 */
export function ConfirmEmailForm({ token, confirm }: Props) {
  const [result, setResult] = useState<ConfirmEmailResult | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onClick() {
    setIsPending(true);
    setResult(await confirm(token).catch((): ConfirmEmailResult => ({ status: "failed", message: "That did not work. Try again." })));
    setIsPending(false);
  }

  if (result?.status === "verified") {
    return (
      <p className="notice notice--success" role="status">
        Your email address is verified. <Link href="/account">Back to your account</Link>
      </p>
    );
  }
  return (
    <>
      <button type="button" className="button" onClick={onClick} disabled={isPending}>
        {isPending ? "Verifying…" : "Verify my email address"}
      </button>
      <div role="alert">
        {result?.status === "failed" && (
          <p className="notice notice--error">
            {result.message} <Link href="/account">Your account</Link>
          </p>
        )}
      </div>
    </>
  );
}

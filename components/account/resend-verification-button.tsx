"use client";
import { useState } from "react";
import type { MailActionResult } from "@/lib/auth/account-schemas";

type Props = {
  /** The server action that mails a new link (server/auth/actions.ts), passed in by the page. */
  resend: () => Promise<MailActionResult>;
};

export function ResendVerificationButton({ resend }: Props) {
  const [result, setResult] = useState<MailActionResult | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onClick() {
    setIsPending(true);
    setResult(
      await resend().catch((): MailActionResult => ({
        status: "failed",
        message: "We could not send the mail just now. Try again in a few minutes.",
      })),
    );
    setIsPending(false);
  }

  return (
    <>
      <button type="button" className="button button--quiet" onClick={onClick} disabled={isPending}>
        {isPending ? "Sending…" : "Resend verification email"}
      </button>
      {/* Rendered only with something to say: the account page has other live regions, and an empty one is noise. */}
      {result?.status === "sent" && (
        <p className="notice notice--success" role="status">
          We sent you a new link. Check your inbox.
        </p>
      )}
      {result?.status === "failed" && (
        <p className="notice notice--error" role="alert">
          {result.message}
        </p>
      )}
    </>
  );
}

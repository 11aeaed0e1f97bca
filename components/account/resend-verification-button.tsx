"use client";
import { useActionState } from "react";
import type { MailActionResult } from "@/lib/auth/account-schemas";
import { ignoreWhile } from "@/components/common/ignore-while-busy";

type Props = {
  /** The server action that mails a new link (server/auth/actions.ts), passed in by the page. */
  resend: (previous: MailActionResult, form: FormData) => Promise<MailActionResult>;
};

/** A form rather than an onClick, so a click before hydration (or without JavaScript) still sends. */
export function ResendVerificationButton({ resend }: Props) {
  const [result, action, isPending] = useActionState(resend, { status: "idle" });
  return (
    <form action={action} onSubmit={ignoreWhile(isPending)}>
      <button type="submit" className="button button--quiet" aria-disabled={isPending || undefined}>
        {isPending ? "Sending…" : "Resend verification email"}
      </button>
      {/* Rendered only with something to say: the account page has other live regions, and an empty one is noise. */}
      {result.status === "sent" && (
        <p className="notice notice--success" role="status">
          We sent you a new link. Check your inbox.
        </p>
      )}
      {result.status === "failed" && (
        <p className="notice notice--error" role="alert">
          {result.message}
        </p>
      )}
    </form>
  );
}

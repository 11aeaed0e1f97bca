"use client";
import Link from "next/link";
import { useActionState } from "react";
import type { ConfirmEmailResult } from "@/lib/auth/account-schemas";
import { ignoreWhile } from "@/components/common/ignore-while-busy";

type Props = {
  token: string;
  /** The server action that uses the link (server/auth/actions.ts), passed in by the page. */
  confirm: (previous: ConfirmEmailResult, form: FormData) => Promise<ConfirmEmailResult>;
};

/**
 * A button rather than verifying on page load: a mail scanner that opens the link first must not
 * use it up, and the person sees which account they are verifying. A real form, not an onClick:
 * a click that lands before hydration (or without JavaScript) still submits.
 */
export function ConfirmEmailForm({ token, confirm }: Props) {
  const [result, action, isPending] = useActionState(confirm, { status: "idle" });

  if (result.status === "verified") {
    return (
      <p className="notice notice--success" role="status">
        Your email address is verified. <Link href="/account">Back to your account</Link>
      </p>
    );
  }
  return (
    <form action={action} onSubmit={ignoreWhile(isPending)}>
      <input type="hidden" name="token" value={token} />
      <button type="submit" className="button" aria-disabled={isPending || undefined}>
        {isPending ? "Verifying…" : "Verify my email address"}
      </button>
      <div role="alert">
        {result.status === "failed" && (
          <p className="notice notice--error">
            {result.message} <Link href="/account">Your account</Link>
          </p>
        )}
      </div>
    </form>
  );
}

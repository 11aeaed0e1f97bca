import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { readResetLink } from "@/server/auth/password-reset";
import { resetPasswordAction } from "@/server/auth/password-reset-actions";

export const metadata: Metadata = { title: "Choose a new password" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The link from the reset mail (server/auth/password-reset.ts). Whoever holds it may set the password: it went to the account's address.
export default async function ResetPasswordPage({ searchParams }: Props) {
  const token = (await searchParams).token;
  const link =
    typeof token === "string" && token
      ? await readResetLink(token)
      : { ok: false as const, reason: "This link is incomplete. Open the link from the mail again, or ask for a new one." };
  return (
    <div className="form-page">
      <h1>Choose a new password</h1>
      {link.ok ? (
        <>
          <p className="form-page__lede">
            For <strong>{link.email}</strong>.
          </p>
          <ResetPasswordForm token={token as string} email={link.email} reset={resetPasswordAction} />
        </>
      ) : (
        <>
          <p className="notice notice--error" role="alert">
            {link.reason}
          </p>
          <p>
            <Link href="/forgot-password">Ask for a new link</Link> · <Link href="/signin">Sign in</Link>
          </p>
        </>
      )}
    </div>
  );
}

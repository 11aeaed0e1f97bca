import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConfirmEmailForm } from "@/components/auth/confirm-email-form";
import { confirmEmail } from "@/server/auth/actions";
import { getCurrentUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Verify your email address" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The link from the verification mail. Only the account's owner, signed in, can use it.
export default async function VerifyEmailPage({ searchParams }: Props) {
  const token = (await searchParams).token;
  const user = await getCurrentUser();
  if (typeof token !== "string" || !token) {
    return (
      <div className="form-page">
        <h1>Verify your email address</h1>
        <p className="notice notice--error" role="alert">
          This link is incomplete. Open the link from the mail again, or send yourself a new one from your account page.
        </p>
      </div>
    );
  }
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/verify-email?token=${encodeURIComponent(token)}`)}`);
  return (
    <div className="form-page">
      <h1>Verify your email address</h1>
      <p className="form-page__lede">
        Signed in as <strong>{user.email}</strong>. Confirm that this address is yours.
      </p>
      <ConfirmEmailForm token={token} confirm={confirmEmail} />
    </div>
  );
}

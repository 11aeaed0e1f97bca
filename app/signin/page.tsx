import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ExternalSignInButtons } from "@/components/auth/external-sign-in-buttons";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { signInWithoutScript } from "@/server/auth/actions";
import { externalProviders } from "@/server/auth/providers";
import { getCurrentUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Messages for next-auth's error codes, which arrive as ?error=… after external sign-ins. */
const ERROR_MESSAGES: Record<string, string> = {
  OAuthAccountNotLinked: "That email already has an account. Sign in with your password.",
  AccountExists:
    "An account with this email already exists, and we could not confirm that this sign-in belongs to it. Sign in with your password, then connect the service from your account page.",
  NoEmail: "That sign-in service did not share an email address with us. Sign up with your email instead.",
  IdentityTaken: "That sign-in service account is already connected to another Marginalia account.",
  OAuthSignin: "The sign-in service could not be reached. Try again.",
  OAuthCallback: "The sign-in service did not confirm who you are. Try again.",
  Callback: "The sign-in service did not confirm who you are. Try again.",
  AccessDenied: "Sign-in was cancelled.",
  SessionRequired: "Sign in to continue.",
};

export default async function SignInPage({ searchParams }: Props) {
  const query = await searchParams;
  const callbackUrl = safeCallbackUrl(query.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);

  const errorCode = typeof query.error === "string" ? query.error : undefined;
  const retryAfter = Number(query.retryAfter);
  const errorMessage = errorCode && errorCode !== "RateLimited" ? (ERROR_MESSAGES[errorCode] ?? "Sign-in failed. Try again.") : null;

  return (
    <div className="form-page">
      <h1>Sign in</h1>
      <p className="form-page__lede">Reading needs no account. Sign in to highlight, comment and join your study group.</p>
      {query.signedOutEverywhere && (
        <p className="notice notice--success" role="status">
          You are signed out on every device.
        </p>
      )}
      {query.passwordReset && (
        <p className="notice notice--success" role="status">
          Your password is changed. Every device that was signed in as you is signed out, and your API tokens are revoked. Sign in with the
          new password.
        </p>
      )}
      {errorMessage && (
        <p className="notice notice--error" role="alert">
          {errorMessage}
        </p>
      )}
      <SignInForm
        callbackUrl={callbackUrl}
        initialRetryAfterSeconds={errorCode === "RateLimited" && retryAfter > 0 ? retryAfter : undefined}
        signInWithoutScript={signInWithoutScript}
      />
      <ExternalSignInButtons providers={externalProviders()} callbackUrl={callbackUrl} />
    </div>
  );
}

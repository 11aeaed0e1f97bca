import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ExternalSignInButtons } from "@/components/auth/external-sign-in-buttons";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { signUp, signUpWithoutScript } from "@/server/auth/actions";
import { externalProviders } from "@/server/auth/providers";
import { getCurrentUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignUpPage({ searchParams }: Props) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  // Arriving from an invitation link: the sign-up counts against that invitation, not the address.
  const invitation = /^\/invite\/([^/?#]+)$/.exec(callbackUrl)?.[1];
  return (
    <div className="form-page">
      <h1>Create an account</h1>
      <p className="form-page__lede">Keep your notes, and read together with your group or class.</p>
      <SignUpForm callbackUrl={callbackUrl} invitation={invitation} signUp={signUp} signUpWithoutScript={signUpWithoutScript} />
      <ExternalSignInButtons providers={externalProviders()} callbackUrl={callbackUrl} />
    </div>
  );
}

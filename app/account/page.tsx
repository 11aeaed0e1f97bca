import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ApiTokenList } from "@/components/account/api-token-list";
import { ConnectProviderButtons } from "@/components/account/connect-provider-buttons";
import { ResendVerificationButton } from "@/components/account/resend-verification-button";
import { CreateApiTokenForm } from "@/components/account/create-api-token-form";
import { SignOutEverywhereButton } from "@/components/auth/sign-out-everywhere-button";
import { ChangeNameForm } from "@/components/account/change-name-form";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { CloseAccountForm } from "@/components/account/close-account-form";
import {
  changeNameAction,
  changePasswordAction,
  resendVerificationEmail,
  signOutEverywhere,
  startConnectingProvider,
} from "@/server/auth/actions";
import { closeAccountAction } from "@/server/auth/close-account-action";
import { emailVerificationState } from "@/server/auth/email-verification";
import { externalProviders } from "@/server/auth/providers";
import { hasPasswordSignIn, listConnectedProviders } from "@/server/auth/users";
import { getCurrentUser } from "@/server/auth/session";
import { createApiTokenAction, revokeApiTokenAction } from "@/server/tokens/actions";
import { listApiTokens } from "@/server/tokens/list-api-tokens";

export const metadata: Metadata = { title: "Your account" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: Props) {
  const { connectError } = await searchParams;
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/account");
  const [apiTokens, verification, connected, hasPassword] = await Promise.all([
    listApiTokens(user.id),
    emailVerificationState(user.id),
    listConnectedProviders(user.id),
    hasPasswordSignIn(user.id),
  ]);
  const providers = externalProviders();
  return (
    <div className="page">
      <h1>Your account</h1>
      <dl>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Email status</dt>
        <dd data-testid="email-status">{verification.isVerified ? "Verified" : "Not verified"}</dd>
      </dl>
      {!verification.isVerified && (
        <section className="account-section" aria-labelledby="verify-heading">
          <h2 id="verify-heading">Verify your email address</h2>
          <p>
            We mailed you a link when you signed up. Open it while signed in here to verify the address. Until then you can read, annotate
            and join groups as usual, but no GitHub, Google or single sign-on account can sign in to this account by matching its email.
          </p>
          <ResendVerificationButton resend={resendVerificationEmail} />
        </section>
      )}
      {providers.length > 0 && (
        <section className="account-section" aria-labelledby="connections-heading">
          <h2 id="connections-heading">Sign-in services</h2>
          {connected.length > 0 && (
            <p>
              Connected: {connected.map((id) => providers.find((provider) => provider.id === id)?.name ?? id).join(", ")}. You can sign in
              with {connected.length === 1 ? "it" : "any of them"}.
            </p>
          )}
          {connectError === "IdentityTaken" && (
            <p className="notice notice--error" role="alert">
              That account is already connected to another Marginalia account, so it was not connected to this one.
            </p>
          )}
          <p>Connect another service to sign in to this account with it, whatever email address it has there.</p>
          <ConnectProviderButtons
            providers={providers.filter((provider) => !connected.includes(provider.id))}
            startConnecting={startConnectingProvider}
          />
        </section>
      )}
      <section className="account-section">
        <ChangeNameForm name={user.name} save={changeNameAction} />
      </section>
      {hasPassword && (
        <section className="account-section">
          <ChangePasswordForm change={changePasswordAction} />
        </section>
      )}
      <section className="account-section" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p>Signed in on a shared or lost device? Signing out everywhere ends every session of yours at once, this one included.</p>
        <SignOutEverywhereButton signOutEverywhere={signOutEverywhere} />
      </section>
      <section className="account-section" aria-labelledby="api-tokens-heading">
        <h2 id="api-tokens-heading">API tokens</h2>
        <p>
          A token lets your scripts use the JSON API as you: send it as <code>Authorization: Bearer …</code>. A read-only token can list and
          export; a read-and-write token can also create, change and delete your annotations. Signing out everywhere does not revoke tokens:
          revoke them here. The <Link href="/api-reference">API reference</Link> describes every route.
        </p>
        <CreateApiTokenForm create={createApiTokenAction} />
        <h3 id="api-token-list-heading">Your tokens</h3>
        <ApiTokenList tokens={apiTokens} now={new Date()} revoke={revokeApiTokenAction} />
      </section>
      <section className="account-section">
        <CloseAccountForm hasPassword={hasPassword} close={closeAccountAction} />
      </section>
    </div>
  );
}

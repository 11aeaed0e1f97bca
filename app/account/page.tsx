import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ApiTokenList } from "@/components/account/api-token-list";
import { CreateApiTokenForm } from "@/components/account/create-api-token-form";
import { SignOutEverywhereButton } from "@/components/auth/sign-out-everywhere-button";
import { signOutEverywhere } from "@/server/auth/actions";
import { getCurrentUser } from "@/server/auth/session";
import { createApiTokenAction, revokeApiTokenAction } from "@/server/tokens/actions";
import { listApiTokens } from "@/server/tokens/list-api-tokens";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/account");
  const apiTokens = await listApiTokens(user.id);
  return (
    <div className="page">
      <h1>Your account</h1>
      <dl>
        <dt>Name</dt>
        <dd>{user.name}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
      </dl>
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
    </div>
  );
}

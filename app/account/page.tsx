import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutEverywhereButton } from "@/components/auth/sign-out-everywhere-button";
import { signOutEverywhere } from "@/server/auth/actions";
import { getCurrentUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/account");
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
        <p>
          Signed in on a shared or lost device? Signing out everywhere ends every session of yours at once,
          this one included.
        </p>
        <SignOutEverywhereButton signOutEverywhere={signOutEverywhere} />
      </section>
    </div>
  );
}

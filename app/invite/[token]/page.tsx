import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JoinInviteButton } from "@/components/groups/join-invite-button";
import { AppError } from "@/lib/errors";
import { GROUP_ROLE_WITH_ARTICLE } from "@/lib/groups/roles";
import { getCurrentUser } from "@/server/auth/session";
import { roleAfterInvite } from "@/server/authz/groups";
import { getInvite, type InvitePreview } from "@/server/groups/get-invite";

export const metadata: Metadata = { title: "Invitation to a study group", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const user = await getCurrentUser();
  const lookup = await findInvite(user, token);
  if ("problem" in lookup) {
    return (
      <div className="form-page">
        <h1>This invitation no longer works</h1>
        <p className="notice notice--error" role="alert">
          {lookup.message}
        </p>
        <p>
          <Link href={user ? "/groups" : "/"}>{user ? "Your groups" : "Back to the library"}</Link>
        </p>
      </div>
    );
  }

  const invite = lookup.invite;
  const callbackUrl = encodeURIComponent(`/invite/${token}`);
  const hasNothingToGain = invite.myRole !== null && roleAfterInvite(invite.myRole, invite.role) === invite.myRole;
  return (
    <div className="form-page">
      <h1>Join {invite.groupName}</h1>
      <p className="form-page__lede">
        You are invited to the study group <strong>{invite.groupName}</strong> as {GROUP_ROLE_WITH_ARTICLE[invite.role]}.
      </p>
      {!user ? (
        // New to Marginalia or not: both ways in are buttons, the new account's first.
        <div className="invite-actions">
          <Link className="button" href={`/signup?callbackUrl=${callbackUrl}`}>
            Create an account to join
          </Link>
          <Link className="button button--quiet" href={`/signin?callbackUrl=${callbackUrl}`}>
            Sign in to join
          </Link>
        </div>
      ) : hasNothingToGain ? (
        <p className="notice notice--success" role="status">
          You are already a member. <Link href={`/groups/${invite.groupId}`}>Open {invite.groupName}</Link>
        </p>
      ) : (
        <JoinInviteButton token={token} groupName={invite.groupName} />
      )}
    </div>
  );
}

async function findInvite(
  user: { id: string } | null,
  token: string,
): Promise<{ invite: InvitePreview } | { problem: "GONE"; message: string }> {
  try {
    return { invite: await getInvite(user, token) };
  } catch (error) {
    // A mistyped or made-up token answers 404 (./not-found.tsx says so); a withdrawn or expired one says why.
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    if (error instanceof AppError && error.code === "GONE") return { problem: error.code, message: error.message };
    throw error;
  }
}

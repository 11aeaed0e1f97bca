import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { GroupSettingsForm } from "@/components/groups/group-settings-form";
import { InvitePanel } from "@/components/groups/invite-panel";
import { JoiningPanel } from "@/components/groups/joining-panel";
import { LeaveGroupButton } from "@/components/groups/leave-group-button";
import { MemberList } from "@/components/groups/member-list";
import { FlagsPanel } from "@/components/moderation/flags-panel";
import { AppError } from "@/lib/errors";
import { GROUP_ROLE_LABELS, type GroupDetails } from "@/lib/groups/schemas";
import { getCurrentUser } from "@/server/auth/session";
import { getGroup } from "@/server/groups/get-group";
import { listRemovedPeople } from "@/server/groups/let-back-in";
import { listInvites } from "@/server/groups/list-invites";
import { listMembers } from "@/server/groups/list-members";
import { listFlags } from "@/server/moderation/list-flags";

export const metadata: Metadata = { title: "Study group" };

type Props = { params: Promise<{ id: string }> };

export default async function GroupPage({ params }: Props) {
  const { id } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/groups/${id}`)}`);
  const group = await findGroup(user, id);
  if (!group) notFound();

  const can = group.permissions;
  const [members, invites, flags, removed] = await Promise.all([
    listMembers(user, id),
    can.revokeInvites ? listInvites(user, id) : Promise.resolve([]),
    can.seeFlags ? listFlags(user, id) : Promise.resolve(null),
    can.update ? listRemovedPeople(user, id) : Promise.resolve([]),
  ]);
  return (
    <div className="page group-page">
      <p>
        <Link href="/groups">← All groups</Link>
      </p>
      <h1>{group.name}</h1>
      {group.description && <p className="group-page__description">{group.description}</p>}
      <p>
        Your role: <span className="tag">{GROUP_ROLE_LABELS[group.role]}</span>
      </p>
      {can.review && (
        <p>
          <Link href={`/groups/${id}/review`}>Review students&apos; work</Link>
        </p>
      )}
      <div className="group-page__layout">
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Members ({members.length})</h2>
          <MemberList groupId={id} members={members} canManage={can.manageMembers} />
          {can.leave ? (
            <LeaveGroupButton groupId={id} userId={user.id} groupName={group.name} />
          ) : (
            <p className="field__hint">You own this group, so you cannot leave it: a group always keeps its owner.</p>
          )}
        </section>
        <div className="group-page__side">
          {flags && <FlagsPanel initial={flags} />}
          {can.inviteMembers && (
            <InvitePanel groupId={id} joinCode={group.joinCode ?? null} canInviteInstructors={can.inviteInstructors} invites={invites} />
          )}
          {can.update && <JoiningPanel groupId={id} joinCode={group.joinCode ?? null} removed={removed} />}
          {can.update && (
            <section className="panel">
              <GroupSettingsForm
                groupId={id}
                name={group.name}
                description={group.description}
                hideUntilPostCount={group.hideUntilPostCount}
              />
            </section>
          )}
        </div>
      </div>
    </div>
  );
}

/** The group, or null when it does not exist for this viewer (not a member): the page answers 404. */
async function findGroup(user: { id: string }, id: string): Promise<GroupDetails | null> {
  try {
    return await getGroup(user, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

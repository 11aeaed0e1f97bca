import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { GroupSettingsForm } from "@/components/groups/group-settings-form";
import { InvitePanel } from "@/components/groups/invite-panel";
import { JoiningPanel } from "@/components/groups/joining-panel";
import { LeaveGroupButton } from "@/components/groups/leave-group-button";
import { MemberList } from "@/components/groups/member-list";
import { FlagsPanel } from "@/components/moderation/flags-panel";
import { GroupAssignments } from "@/components/assignments/group-assignments";
import { AppError } from "@/lib/errors";
import { GROUP_ROLE_LABELS, type GroupDetails } from "@/lib/groups/schemas";
import { getCurrentUser } from "@/server/auth/session";
import { isReadableByWholeGroup } from "@/server/authz/documents";
import { listDocuments } from "@/server/documents/list-documents";
import { getGroup } from "@/server/groups/get-group";
import { listGroupReadings } from "@/server/groups/list-group-readings";
import { listRemovedPeople } from "@/server/groups/let-back-in";
import { listInvites } from "@/server/groups/list-invites";
import { listMembers } from "@/server/groups/list-members";
import { listFlags } from "@/server/moderation/list-flags";
import { createAssignmentAction, moveAssignmentAction } from "@/server/assignments/actions";
import { listAssignableReadings } from "@/server/assignments/list-assignable-readings";
import { listGroupAssignments } from "@/server/assignments/list-group-assignments";
import { listMyAssignments } from "@/server/assignments/list-my-assignments";
import { openNotice } from "@/server/http/signed-notice";

export const metadata: Metadata = { title: "Study group" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ joined?: string | string[]; error?: string | string[] }> };

export default async function GroupPage({ params, searchParams }: Props) {
  const { id } = await params;
  // ?joined=new|already: set by the join form and the invitation page on their way here.
  const { joined, error } = await searchParams;
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/groups/${id}`)}`);
  const group = await findGroup(user, id);
  if (!group) notFound();

  const can = group.permissions;
  const [members, invites, flags, removed, readings] = await Promise.all([
    listMembers(user, id),
    can.revokeInvites ? listInvites(user, id) : Promise.resolve([]),
    can.seeFlags ? listFlags(user, id) : Promise.resolve(null),
    can.update ? listRemovedPeople(user, id) : Promise.resolve([]),
    listGroupReadings(user, id),
  ]);
  // Assignments (issue #13): the staff see and set all of them; a student sees what is due for them.
  const [assignments, assignable, due] = await Promise.all([
    can.review ? listGroupAssignments(user, id) : Promise.resolve([]),
    can.review ? listAssignableReadings(user, id) : Promise.resolve([]),
    can.review ? Promise.resolve([]) : listMyAssignments(user).then((mine) => mine.filter((assignment) => assignment.group.id === id)),
  ]);
  // Nothing written in the group yet: the library is where its reading starts — the readings the whole
  // group can open (public, or shared with it), not the viewer's private ones.
  const library = readings.length === 0 ? (await listDocuments(user)).filter((document) => isReadableByWholeGroup(document, id)) : [];
  return (
    <div className="page group-page">
      <p>
        <Link href="/groups">← All groups</Link>
      </p>
      {(joined === "new" || joined === "already") && (
        <p className="notice notice--success" role="status">
          {joined === "new" ? `You joined ${group.name}.` : `You are already in ${group.name}.`}
        </p>
      )}
      <h1>{group.name}</h1>
      {group.description && <p className="group-page__description">{group.description}</p>}
      {/* The staff's next steps (invite, flags) sit beside what the group reads, above the fold. */}
      <div className="group-page__layout">
        <div className="group-page__main">
          <section aria-labelledby="readings-heading" className="panel group-page__readings">
            <h2 id="readings-heading">What {group.name} is reading</h2>
            {readings.length > 0 ? (
              <ul className="group-readings">
                {readings.map((reading) => (
                  <li key={reading.slug}>
                    <Link href={`/read/${reading.slug}`} className="group-readings__title">
                      {reading.title}
                    </Link>
                    <span className="field__hint">
                      {" "}
                      · {reading.noteCount === 1 ? "1 note" : `${reading.noteCount} notes`} for the group
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <>
                <p>Nobody has written for the group yet. Start with a reading from the library:</p>
                <ul className="group-readings">
                  {library.map((document) => (
                    <li key={document.slug}>
                      <Link href={`/read/${document.slug}`} className="group-readings__title">
                        {document.title}
                      </Link>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <GroupAssignments
            groupId={id}
            isStaff={can.review}
            assignments={assignments}
            due={due}
            readings={assignable}
            timeZone={group.timeZone}
            createAction={createAssignmentAction}
            moveAction={moveAssignmentAction}
            error={openNotice(error)}
          />
          <p>
            Your role: <span className="tag">{GROUP_ROLE_LABELS[group.role]}</span>
          </p>
          {can.review && (
            <p>
              <Link href={`/groups/${id}/review`}>Review students&apos; work</Link>
            </p>
          )}
        </div>
        <div className="group-page__side">
          {can.inviteMembers && (
            <InvitePanel groupId={id} joinCode={group.joinCode ?? null} canInviteInstructors={can.inviteInstructors} invites={invites} />
          )}
          {flags && <FlagsPanel initial={flags} />}
          {can.update && <JoiningPanel groupId={id} joinCode={group.joinCode ?? null} removed={removed} />}
          {can.update && (
            <section className="panel">
              <GroupSettingsForm
                groupId={id}
                name={group.name}
                description={group.description}
                hideUntilPostCount={group.hideUntilPostCount}
                scoreRelease={group.scoreRelease}
                timeZone={group.timeZone}
              />
            </section>
          )}
        </div>
        <section aria-labelledby="members-heading" className="group-page__members">
          <h2 id="members-heading" tabIndex={-1}>
            Members ({members.length})
          </h2>
          <MemberList groupId={id} members={members} canManage={can.manageMembers} />
          {can.leave ? (
            <LeaveGroupButton groupId={id} userId={user.id} groupName={group.name} />
          ) : (
            <p className="field__hint">You own this group, so you cannot leave it: a group always keeps its owner.</p>
          )}
        </section>
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

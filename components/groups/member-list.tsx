"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { isOwnerRole } from "@/lib/groups/roles";
import { GROUP_ROLE_LABELS, type AssignableRole } from "@/lib/groups/roles";
import type { GroupMember } from "@/lib/groups/schemas";
import { errorMessage } from "@/components/api/api-client";
import { groupsApi } from "@/components/api/groups-api";
import { useIsInteractive } from "@/components/common/use-is-interactive";

type Props = {
  groupId: string;
  members: GroupMember[];
  /** The owner changes roles and removes members; the page decides (server/authz/groups.ts). */
  canManage: boolean;
};

/** The group's members with their roles; for the owner, a role choice and Remove on every other row. */
export function MemberList({ groupId, members, canManage }: Props) {
  return (
    <ul className="group-list" aria-labelledby="members-heading">
      {members.map((member) => (
        <li key={member.userId} className="group-list__item">
          <span className="group-list__name">
            <strong>{member.name}</strong>
            {member.email && <span className="group-list__email"> {member.email}</span>}
          </span>
          {canManage && !isOwnerRole(member.role) ? (
            <MemberControls groupId={groupId} member={member} />
          ) : (
            <span className="tag">{GROUP_ROLE_LABELS[member.role]}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function MemberControls({ groupId, member }: { groupId: string; member: GroupMember }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  // Until the page's script runs the role is disabled: one chosen while it hydrates would be put back, unsaved.
  const isInteractive = useIsInteractive();
  const selectId = `member-role-${member.userId}`;

  /** Changes the role, or removes the member when there is no new role. */
  async function run(role?: AssignableRole) {
    setIsPending(true);
    setError(null);
    try {
      await (role ? groupsApi.setMemberRole(groupId, member.userId, { role }) : groupsApi.removeMember(groupId, member.userId));
    } catch (caught) {
      return setError(errorMessage(caught));
    } finally {
      setIsPending(false);
    }
    router.refresh();
  }

  function remove() {
    if (!window.confirm(`Remove ${member.name} from the group? They lose access at once.`)) return;
    void run();
  }

  return (
    <span className="group-list__controls">
      <label htmlFor={selectId} className="visually-hidden">
        Role for {member.name}
      </label>
      <select
        id={selectId}
        value={member.role}
        disabled={!isInteractive || isPending}
        onChange={(event) => void run(event.target.value as AssignableRole)}
      >
        <option value="member">{GROUP_ROLE_LABELS.member}</option>
        <option value="instructor">{GROUP_ROLE_LABELS.instructor}</option>
      </select>
      <button type="button" className="button button--danger button--small" onClick={remove} disabled={!isInteractive || isPending}>
        Remove<span className="visually-hidden"> {member.name}</span>
      </button>
      <span role="alert">{error && <span className="field__error">{error}</span>}</span>
    </span>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { useState, type MouseEvent } from "react";
import { isOwnerRole } from "@/lib/groups/roles";
import { GROUP_ROLE_LABELS, GROUP_ROLE_WITH_ARTICLE, type AssignableRole } from "@/lib/groups/roles";
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
  // What the owner's last change did, said once: the row a removal takes away cannot say it.
  const [done, setDone] = useState("");
  return (
    <>
      <ul className="group-list" aria-labelledby="members-heading">
        {members.map((member) => (
          <li key={member.userId} className="group-list__item">
            <span className="group-list__name">
              <strong>{member.name}</strong>
              {member.email && <span className="group-list__email"> {member.email}</span>}
            </span>
            {canManage && !isOwnerRole(member.role) ? (
              <MemberControls groupId={groupId} member={member} onDone={setDone} />
            ) : (
              <span className="tag">{GROUP_ROLE_LABELS[member.role]}</span>
            )}
          </li>
        ))}
      </ul>
      <p role="status" className="visually-hidden">
        {done}
      </p>
    </>
  );
}

/**
 * A member's role and Remove. The role is chosen, then saved with its own button: a select that
 * saved on change made a member an instructor at one arrow key. Busy buttons stay focusable
 * (aria-disabled), and a removed member's row hands focus to the next row's role, or the heading.
 */
function MemberControls({ groupId, member, onDone }: { groupId: string; member: GroupMember; onDone: (said: string) => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const [role, setRole] = useState<AssignableRole>(member.role as AssignableRole);
  // Until the page's script runs the role is disabled: one chosen while it hydrates would be put back, unsaved.
  const isInteractive = useIsInteractive();
  const selectId = `member-role-${member.userId}`;
  const isChanged = role !== member.role;

  /** Saves the chosen role, or removes the member when there is no role; answers whether it was done. */
  async function run(newRole?: AssignableRole): Promise<boolean> {
    if (isPending) return false;
    setIsPending(true);
    setError(null);
    try {
      await (newRole ? groupsApi.setMemberRole(groupId, member.userId, { role: newRole }) : groupsApi.removeMember(groupId, member.userId));
    } catch (caught) {
      setError(errorMessage(caught));
      return false;
    } finally {
      setIsPending(false);
    }
    router.refresh();
    return true;
  }

  async function saveRole() {
    if (!(await run(role))) return;
    onDone(`${member.name} is now ${GROUP_ROLE_WITH_ARTICLE[role]}.`);
    // The Save button goes once the role is saved: the reader stays on the role.
    document.getElementById(selectId)?.focus();
  }

  async function remove(event: MouseEvent<HTMLButtonElement>) {
    const row = event.currentTarget.closest("li");
    if (isPending || !window.confirm(`Remove ${member.name} from the group? They lose access at once.`)) return;
    if (!(await run())) return;
    onDone(`${member.name} was removed from the group.`);
    const next = [row?.nextElementSibling, row?.previousElementSibling]
      .map((sibling) => sibling?.querySelector<HTMLElement>("select"))
      .find(Boolean);
    (next ?? document.getElementById("members-heading"))?.focus();
  }

  return (
    <span className="group-list__controls">
      <label htmlFor={selectId} className="visually-hidden">
        Role for {member.name}
      </label>
      <select id={selectId} value={role} disabled={!isInteractive} onChange={(event) => setRole(event.target.value as AssignableRole)}>
        <option value="member">{GROUP_ROLE_LABELS.member}</option>
        <option value="instructor">{GROUP_ROLE_LABELS.instructor}</option>
      </select>
      {isChanged && (
        <button type="button" className="button button--small" onClick={() => void saveRole()} aria-disabled={isPending || undefined}>
          Save role<span className="visually-hidden"> for {member.name}</span>
        </button>
      )}
      <button
        type="button"
        className="button button--danger button--small"
        onClick={(event) => void remove(event)}
        disabled={!isInteractive}
        aria-disabled={isPending || undefined}
      >
        Remove<span className="visually-hidden"> {member.name}</span>
      </button>
      <span role="alert">{error && <span className="field__error">{error}</span>}</span>
    </span>
  );
}

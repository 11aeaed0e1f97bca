"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/components/api/api-client";
import { groupsApi } from "@/components/api/groups-api";
import { useIsInteractive } from "@/components/common/use-is-interactive";

type Props = { groupId: string; userId: string; groupName: string };

/** Leaves the group (removing oneself); an invite or the join code brings you back. */
export function LeaveGroupButton({ groupId, userId, groupName }: Props) {
  const router = useRouter();
  const isInteractive = useIsInteractive();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onClick() {
    if (!window.confirm(`Leave ${groupName}? You will need an invitation or the join code to come back.`)) return;
    setIsPending(true);
    setError(null);
    try {
      await groupsApi.removeMember(groupId, userId);
    } catch (caught) {
      setIsPending(false);
      return setError(errorMessage(caught));
    }
    router.push("/groups");
    router.refresh();
  }

  return (
    <>
      <div>
        <button type="button" className="button button--danger" onClick={onClick} disabled={!isInteractive || isPending}>
          {isPending ? "Leaving…" : "Leave group"}
        </button>
      </div>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
    </>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/components/api/api-client";
import { groupsApi } from "@/components/api/groups-api";

type Props = { token: string; groupName: string };

/** "Join <group>": accepts the invitation and opens the group. */
export function JoinInviteButton({ token, groupName }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onClick() {
    if (isPending) return;
    setIsPending(true);
    setError(null);
    try {
      const { groupId, wasAlreadyMember } = await groupsApi.joinByInvite(token);
      // The group page says "You joined …" and leads to what the group is reading.
      router.push(`/groups/${groupId}?joined=${wasAlreadyMember ? "already" : "new"}`);
    } catch (caught) {
      setIsPending(false);
      setError(errorMessage(caught));
    }
  }

  return (
    <>
      <div>
        <button type="button" className="button" onClick={onClick} aria-disabled={isPending || undefined}>
          {isPending ? "Joining…" : `Join ${groupName}`}
        </button>
      </div>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
    </>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { JoinResult } from "@/lib/groups/schemas";
import { callGroupApi } from "./group-api";

type Props = { token: string; groupName: string };

/** "Join <group>": accepts the invitation and opens the group. */
export function JoinInviteButton({ token, groupName }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onClick() {
    setIsPending(true);
    setError(null);
    const result = await callGroupApi<JoinResult>("POST", `/api/invites/${encodeURIComponent(token)}`);
    if (!result.ok) {
      setIsPending(false);
      setError(result.message);
      return;
    }
    router.push(`/groups/${result.data.groupId}`);
  }

  return (
    <>
      <div>
        <button type="button" className="button" onClick={onClick} disabled={isPending}>
          {isPending ? "Joining…" : `Join ${groupName}`}
        </button>
      </div>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
    </>
  );
}

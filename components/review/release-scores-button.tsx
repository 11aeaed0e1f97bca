"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/components/api/api-client";
import { reviewApi } from "@/components/api/groups-api";

type Props = { groupId: string; documentSlug: string; unreleased: number };

/** "Release scores": the students see the scores given so far on this reading; the page then says how many went out. */
export function ReleaseScoresButton({ groupId, documentSlug, unreleased }: Props) {
  const router = useRouter();
  const [status, setStatus] = useState<{ isError: boolean; message: string } | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function release() {
    setIsPending(true);
    setStatus(null);
    try {
      const { released } = await reviewApi.releaseScores(groupId, { document: documentSlug });
      setStatus({ isError: false, message: released === 1 ? "1 score released." : `${released} scores released.` });
      router.refresh();
    } catch (caught) {
      setStatus({ isError: true, message: `Not released: ${errorMessage(caught)}` });
    } finally {
      setIsPending(false);
    }
  }

  return (
    <div className="review-release">
      {unreleased > 0 && (
        <button type="button" className="button button--small" onClick={release} disabled={isPending}>
          {isPending ? "Releasing…" : "Release scores"}
        </button>
      )}
      <span role="status" className={status?.isError ? "field__error" : "field__hint"}>
        {status?.message}
      </span>
    </div>
  );
}

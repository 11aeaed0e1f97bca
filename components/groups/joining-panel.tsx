"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/components/api/api-client";
import { groupsApi } from "@/components/api/groups-api";
import { formatDay } from "@/lib/format-date";

type Props = {
  groupId: string;
  /** Null when joining by code is off. */
  joinCode: string | null;
  /** People the owner removed: they cannot rejoin until let back in. */
  removed: { userId: string; name: string; removedAt: Date }[];
};

/** The owner's say over who may join: a new join code, no join code, and letting removed people back in. */
export function JoiningPanel({ groupId, joinCode, removed }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function act(work: () => Promise<unknown>, done: string) {
    if (isPending) return;
    setIsPending(true);
    setError(null);
    setStatus(null);
    try {
      await work();
      setStatus(done);
      router.refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setIsPending(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="joining-heading">
      <h2 id="joining-heading">Who may join</h2>
      <p>
        {joinCode
          ? "A new code stops the old one at once: use it when the code has gone where it should not."
          : "Joining by code is off: only invitation links let people in."}
      </p>
      <div className="thread__actions">
        <button
          type="button"
          className="button button--small"
          aria-disabled={isPending || undefined}
          onClick={() => act(() => groupsApi.updateJoinCode(groupId, { action: "regenerate" }), "The group has a new join code.")}
        >
          {joinCode ? "New join code" : "Turn joining by code on"}
        </button>
        {joinCode && (
          <button
            type="button"
            className="button button--small"
            aria-disabled={isPending || undefined}
            onClick={() => act(() => groupsApi.updateJoinCode(groupId, { action: "disable" }), "Joining by code is off.")}
          >
            Turn joining by code off
          </button>
        )}
      </div>
      <h3>Removed</h3>
      {removed.length === 0 ? (
        <p className="field__hint">Nobody. Someone you remove cannot rejoin until you let them back in.</p>
      ) : (
        <ul className="group-list" aria-label="Removed">
          {removed.map((person) => (
            <li key={person.userId} className="group-list__item">
              <span className="group-list__name">
                {person.name}
                <span className="group-list__email"> removed {formatDay(new Date(person.removedAt), "UTC")}</span>
              </span>
              <button
                type="button"
                className="button button--small"
                aria-disabled={isPending || undefined}
                onClick={() => act(() => groupsApi.letBackIn(groupId, person.userId), `${person.name} may join again.`)}
              >
                <span>
                  Let <span className="visually-hidden">{person.name} </span>back in
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div role="status" aria-live="polite">
        {status && <p className="notice notice--success">{status}</p>}
      </div>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
    </section>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
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
  const panel = useRef<HTMLElement>(null);

  /**
   * After an action whose button goes away (joining by code turned off, someone let back in), focus
   * moves to what takes its place: `then` names it. Left on the button, it fell to the page's start.
   */
  async function act(work: () => Promise<unknown>, done: string, then?: () => HTMLElement | null | undefined) {
    if (isPending) return;
    setIsPending(true);
    setError(null);
    setStatus(null);
    try {
      await work();
      then?.()?.focus();
      setStatus(done);
      router.refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setIsPending(false);
    }
  }

  // The person after `userId` in the list, else the one before, else the list's heading.
  const nextAfterLettingIn = (userId: string) => {
    const buttons = [...(panel.current?.querySelectorAll<HTMLElement>("[data-let-back-in]") ?? [])];
    const at = buttons.findIndex((button) => button.dataset.letBackIn === userId);
    return buttons[at + 1] ?? buttons[at - 1] ?? panel.current?.querySelector<HTMLElement>("#removed-heading");
  };

  return (
    <section className="panel" aria-labelledby="joining-heading" ref={panel}>
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
          data-join-code-switch
          onClick={() => act(() => groupsApi.updateJoinCode(groupId, { action: "regenerate" }), "The group has a new join code.")}
        >
          {joinCode ? "New join code" : "Turn joining by code on"}
        </button>
        {joinCode && (
          <button
            type="button"
            className="button button--small"
            aria-disabled={isPending || undefined}
            onClick={() =>
              act(
                () => groupsApi.updateJoinCode(groupId, { action: "disable" }),
                "Joining by code is off.",
                // It stays, as "Turn joining by code on".
                () => panel.current?.querySelector<HTMLElement>("[data-join-code-switch]"),
              )
            }
          >
            Turn joining by code off
          </button>
        )}
      </div>
      <h3 id="removed-heading" tabIndex={-1}>
        Removed
      </h3>
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
                data-let-back-in={person.userId}
                onClick={() =>
                  act(
                    () => groupsApi.letBackIn(groupId, person.userId),
                    `${person.name} may join again.`,
                    () => nextAfterLettingIn(person.userId),
                  )
                }
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

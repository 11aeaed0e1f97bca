"use client";
import { useEffect, useId, useRef, useState } from "react";
import { createPortal } from "react-dom";

/**
 * Signing out deletes what is kept on this device, changes not yet sent included
 * (./offline-db.ts, clearDevice). Before that, `mayLeave` counts them and, when there are any,
 * asks: sign out anyway, or wait (they are sent from any page while online). The dialog is
 * put in <body>: the sign-out button sits in the header's popover menu, which a modal dialog closes.
 */
/** Not counted in time (see mayLeave). */
const UNKNOWN = -1;
const COUNT_TIMEOUT_MS = 3_000;

export function useUnsyncedChangesCheck() {
  // How many wait while the question is asked; null: not asking (nothing rendered, so nothing to hydrate).
  const [waiting, setWaiting] = useState<number | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const answer = useRef<((mayLeave: boolean) => void) | null>(null);
  const headingId = useId();

  async function mayLeave(): Promise<boolean> {
    // The device's database can be slow to open, or never answer (another tab holding an older
    // version open): after a few seconds the question is asked without a number, never skipped.
    const counted = import("./offline-db").then(({ countWaiting }) => countWaiting()).catch(() => 0);
    const count = await Promise.race([counted, new Promise<number>((resolve) => setTimeout(() => resolve(UNKNOWN), COUNT_TIMEOUT_MS))]);
    if (count === 0) return true;
    setWaiting(count);
    return new Promise((resolve) => {
      answer.current = resolve;
    });
  }

  useEffect(() => {
    if (waiting !== null && !dialogRef.current?.open) dialogRef.current?.showModal();
  }, [waiting]);

  function close(isLeaving: boolean) {
    answer.current?.(isLeaving);
    answer.current = null;
    setWaiting(null);
  }

  const changes = waiting === UNKNOWN ? "Changes may be" : waiting === 1 ? "1 change" : `${waiting} changes`;
  const dialog =
    waiting === null
      ? null
      : createPortal(
          // Escape closes it: the same as waiting.
          <dialog ref={dialogRef} className="unsynced-check" aria-labelledby={headingId} onClose={() => close(false)}>
            <h2 id={headingId}>
              {waiting === UNKNOWN ? `${changes} waiting on this device` : `${changes} not synced yet`} — sign out anyway?
            </h2>
            <p>
              Signing out deletes {waiting === 1 ? "it" : "them"} from this device. To keep {waiting === 1 ? "it" : "them"}, wait until you
              are online: the header says “Synced” once {waiting === 1 ? "it is" : "they are"} sent.
            </p>
            <div className="invite-actions">
              <button type="button" className="button" autoFocus onClick={() => close(false)}>
                Wait
              </button>
              <button type="button" className="button button--danger" onClick={() => close(true)}>
                Sign out anyway
              </button>
            </div>
          </dialog>,
          document.body,
        );
  return { mayLeave, dialog };
}

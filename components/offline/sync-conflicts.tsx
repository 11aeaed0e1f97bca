import type { SyncConflict } from "@/components/annotations/use-annotation-store";

/** `onKeepTheirs`: the other outcome after all (the other version's words back; the delete done anyway). */
type Props = { conflicts: SyncConflict[]; onDismiss: (id: string) => void; onKeepTheirs: (conflict: SyncConflict) => void };

/**
 * What syncing met on the server, said once per change and kept until the reader dismisses it:
 * an edit that replaced a newer one from another device (both texts shown, and theirs can be put
 * back with one press), a delete that met a newer edit from another device and was not done (it
 * can still be deleted with one press), an edit of an annotation deleted elsewhere, or a reply being
 * written in a thread that went meanwhile (the words are shown, not lost).
 * The reading page puts them in its live region (`.sync-conflicts`, role="status"), there from the start.
 */
export function SyncConflictList({ conflicts, onDismiss, onKeepTheirs }: Props) {
  return (
    <>
      {conflicts.map((conflict) => (
        <div key={conflict.id} className="sync-conflict" data-testid="sync-conflict">
          {conflict.kind === "changed-before-delete" ? (
            <p>
              This {conflict.isReply ? "reply" : "annotation"} was changed on another device after you deleted it here, so it was not
              deleted.
              {conflict.theirs !== null && (
                <>
                  {" "}
                  It now reads: <q>{conflict.theirs}</q>
                </>
              )}
            </p>
          ) : conflict.kind === "edited-elsewhere" ? (
            <p>
              This {conflict.isReply ? "reply" : "annotation"} was also changed on another device. Your edit from here was saved over it.
              {conflict.theirs !== null && (
                <>
                  {" "}
                  The other version was: <q>{conflict.theirs}</q>
                </>
              )}
            </p>
          ) : (
            <p>
              {conflict.kind === "thread-gone"
                ? "The annotation you were replying to was deleted or is no longer shared with you, so your reply was not sent."
                : `This ${conflict.isReply ? "reply" : "annotation"} was deleted, or is no longer shared with you, so your edit was not saved.`}{" "}
              Your words: <q>{conflict.mine}</q>
            </p>
          )}
          <div className="sync-conflict__actions">
            {conflict.kind === "changed-before-delete" && (
              <button type="button" className="button button--small" onClick={() => onKeepTheirs(conflict)}>
                Delete it anyway
              </button>
            )}
            {conflict.kind === "edited-elsewhere" && conflict.theirs !== null && (
              <button type="button" className="button button--small" onClick={() => onKeepTheirs(conflict)}>
                Use the other version
              </button>
            )}
            <button type="button" className="button button--small button--quiet" onClick={() => onDismiss(conflict.id)}>
              {conflict.kind === "changed-before-delete"
                ? "Keep it"
                : conflict.kind === "edited-elsewhere" && conflict.theirs !== null
                  ? "Keep mine"
                  : "Dismiss"}
            </button>
          </div>
        </div>
      ))}
    </>
  );
}

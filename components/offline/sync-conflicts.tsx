import type { SyncConflict } from "@/components/annotations/use-annotation-store";

type Props = { conflicts: SyncConflict[]; onDismiss: (id: string) => void };

/**
 * What syncing met on the server, said once per change and kept until the reader dismisses it:
 * an edit that replaced a newer one from another device (both texts shown, so theirs can be
 * copied back), or an edit of an annotation deleted elsewhere (the words are shown, not lost).
 */
export function SyncConflicts({ conflicts, onDismiss }: Props) {
  return (
    <div role="status" className="sync-conflicts">
      {conflicts.map((conflict) => (
        <div key={conflict.id} className="sync-conflict" data-testid="sync-conflict">
          {conflict.kind === "edited-elsewhere" ? (
            <p>
              This annotation was also changed on another device. Your edit from here was saved over it.
              {conflict.theirs !== null && (
                <>
                  {" "}
                  The other version was: <q>{conflict.theirs}</q>
                </>
              )}
            </p>
          ) : (
            <p>
              This annotation was deleted on another device, so your edit was not saved. Your words: <q>{conflict.mine}</q>
            </p>
          )}
          <button type="button" className="button button--small" onClick={() => onDismiss(conflict.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}

"use client";
import { QuotedNote } from "@/components/annotations/quoted-note";
import type { AnnotationDto } from "@/lib/annotations/types";

type Props = {
  orphans: AnnotationDto[];
  viewerId: string;
  /** Starts "Move here" for an orphan: the reader selects the words it belongs to. */
  onReattach: (id: string) => void;
  /** Its words are gone for good: the author lets it go (with the same undo as any delete). */
  onDelete: (orphan: AnnotationDto) => void;
  movingId: string | null;
};

/**
 * "Needs a new place": annotations that no place on this version was good enough for, never
 * painted on a guess. Each shows the words it was made on, in their old context, so its author
 * can find where they went (or decide they are gone) and give it a new place by selecting.
 */
export function OrphanList({ orphans, viewerId, onReattach, onDelete, movingId }: Props) {
  if (orphans.length === 0) return <p className="muted">Every annotation has its place in this version.</p>;
  return (
    <ul className="orphan-list">
      {orphans.map((orphan) => (
        <QuotedNote key={orphan.id} annotation={orphan} viewerId={viewerId} showContext>
          {orphan.permissions.edit || orphan.permissions.delete ? (
            <div className="orphan__actions">
              {orphan.permissions.edit && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => onReattach(orphan.id)}
                  aria-pressed={movingId === orphan.id}
                >
                  Give it a new place
                </button>
              )}
              {orphan.permissions.delete && (
                <button type="button" className="button button--small button--quiet" onClick={() => onDelete(orphan)}>
                  Delete
                </button>
              )}
            </div>
          ) : (
            <p className="muted">Its author can give it a new place.</p>
          )}
        </QuotedNote>
      ))}
    </ul>
  );
}

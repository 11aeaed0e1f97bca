"use client";
import type { AnnotationDto } from "@/lib/annotations/types";

type Props = {
  orphans: AnnotationDto[];
  /** Starts "Move here" for an orphan: the reader selects the words it belongs to. */
  onReattach: (id: string) => void;
  movingId: string | null;
};

/**
 * "Needs a new place": annotations that no place on this version was good enough for, never
 * painted on a guess. Each shows the words it was made on, in their old context, so its author
 * can find where they went (or decide they are gone) and give it a new place by selecting.
 */
export function OrphanList({ orphans, onReattach, movingId }: Props) {
  if (orphans.length === 0) return <p className="muted">Every annotation has its place in this version.</p>;
  return (
    <ul className="orphan-list">
      {orphans.map((orphan) => {
        const [quote] = orphan.target!.selector;
        return (
          <li key={orphan.id} className="orphan" data-annotation-id={orphan.id}>
            <p className="orphan__author">{orphan.author.name}</p>
            <blockquote className="orphan__quote">
              <span className="muted">…{quote.prefix}</span>
              <mark>{quote.exact}</mark>
              <span className="muted">{quote.suffix}…</span>
            </blockquote>
            {orphan.body ? <p className="orphan__body">{orphan.body}</p> : null}
            {orphan.permissions.edit ? (
              <button
                type="button"
                className="button button--small"
                onClick={() => onReattach(orphan.id)}
                aria-pressed={movingId === orphan.id}
              >
                Give it a new place
              </button>
            ) : (
              <p className="muted">Its author can give it a new place.</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

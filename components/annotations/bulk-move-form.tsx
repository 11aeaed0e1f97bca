"use client";
import { useId, useState } from "react";
import { parseScopeKey, scopeChoices, scopeToInput, type ReaderGroup } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import { annotationsApi, errorMessage } from "@/components/api/api-client";

type Props = {
  /** My own top-level annotations among those the sidebar shows now. */
  ids: string[];
  groups: readonly ReaderGroup[];
  onMoved: (moved: AnnotationDto[]) => void;
};

/**
 * "Move the N of mine shown here to …": bulk moving between scopes (hypothesis/product-backlog
 * #111, #241). Filter the sidebar first (a colour, a tag, a group), then move what remains. All or
 * nothing on the server. Folded under its own summary, set apart from the cards: open, it sat
 * under the last card and read as that card's, inviting a change of who sees a note by mistake.
 */
export function BulkMoveForm({ ids, groups, onMoved }: Props) {
  const id = useId();
  const [key, setKey] = useState("private");
  const [status, setStatus] = useState<{ isError: boolean; message: string } | null>(null);
  const [isPending, setIsPending] = useState(false);
  if (ids.length === 0) return null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const scope = parseScopeKey(key);
    if (!scope || isPending) return;
    setIsPending(true);
    setStatus(null);
    try {
      const { items } = await annotationsApi.move({ ids, visibility: scopeToInput(scope) });
      onMoved(items);
      setStatus({ isError: false, message: `Moved ${items.length} ${items.length === 1 ? "annotation" : "annotations"}.` });
    } catch (caught) {
      setStatus({ isError: true, message: `Nothing was moved: ${errorMessage(caught, "the request failed.")}` });
    } finally {
      setIsPending(false);
    }
  }

  return (
    <details className="bulk-move">
      <summary>Move {ids.length === 1 ? "my annotation" : `all ${ids.length} of mine`} shown here to another audience</summary>
      <form method="post" className="bulk-move__form" onSubmit={submit}>
        <label htmlFor={`${id}-scope`}>Move the {ids.length} of mine shown here to</label>
        <div className="bulk-move__row">
          <select id={`${id}-scope`} value={key} onChange={(event) => setKey(event.target.value)}>
            {scopeChoices(groups).map((choice) => (
              <option key={choice.key} value={choice.key}>
                {choice.label}
              </option>
            ))}
          </select>
          <button type="submit" className="button button--small" aria-disabled={isPending || undefined}>
            {isPending ? "Moving…" : "Move"}
          </button>
        </div>
        <p role="status" className={status?.isError ? "field__error" : "field__hint"}>
          {status?.message}
        </p>
      </form>
    </details>
  );
}

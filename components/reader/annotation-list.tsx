"use client";
import { useCallback } from "react";
import { AnnotationCard } from "@/components/annotations/annotation-card";
import { BulkMoveForm } from "@/components/annotations/bulk-move-form";
import type { useAnnotationStore } from "@/components/annotations/use-annotation-store";
import { errorMessage, moderationApi } from "@/components/api/api-client";
import type { ReaderPreferences } from "@/lib/annotations/preferences";
import { isPendingId } from "@/lib/annotations/annotation-state";
import { scopeKey, type ReaderGroup } from "@/lib/annotations/scopes";
import type { Mentionable } from "@/components/annotations/annotation-editor";
import type { AnnotationDto } from "@/lib/annotations/types";

/** Cards rendered at first; a page with a thousand annotations stays light until asked for more. */
export const CARDS_PER_PAGE = 100;

type Props = {
  store: ReturnType<typeof useAnnotationStore>;
  /** The annotations the sidebar's filters let through, in document order. */
  shown: AnnotationDto[];
  viewer: { id: string; name: string };
  groups: ReaderGroup[];
  mentionable: Mentionable;
  colorLabels: ReaderPreferences["colorLabels"];
  openId: string | null;
  cardLimit: number;
  onShowMore: () => void;
  onToggle: (id: string) => void;
  onEdit: (id: string) => void;
  onMove: (id: string) => void;
  /** Says what happened in the page's polite live region. */
  announce: (text: string) => void;
  /** Something of mine was deleted: the page offers "Undo" for a few seconds. */
  onDeleted: (deleted: { id: string; isReply: boolean }) => void;
};

/**
 * The sidebar's cards with everything a reader can do on them: reply, edit, resolve, delete
 * (through the store's outbox), flag, mark helpful, hide and restore (saved at once, shown when
 * the server agrees), and moving the shown ones of mine to another scope.
 */
export function AnnotationList({
  store,
  shown,
  viewer,
  groups,
  mentionable,
  colorLabels,
  openId,
  cardLimit,
  onShowMore,
  onToggle,
  onEdit,
  onMove,
  announce,
  onDeleted,
}: Props) {
  const { setError, applyLocally } = store;

  /** Flag, helpful, hide and restore: saved at once (not queued), shown when the server agrees. */
  const moderate = useCallback(
    async (id: string, action: () => Promise<Partial<AnnotationDto>>, done: string) => {
      setError(null);
      try {
        applyLocally(id, await action());
        announce(done);
      } catch (caught) {
        setError(errorMessage(caught));
      }
    },
    [setError, applyLocally, announce],
  );

  return (
    <>
      {shown.length === 0 ? (
        <p className="sidebar__empty">
          {store.annotations.length === 0
            ? "No annotations yet. Select text to highlight it, or use “Annotate this paragraph”."
            : "No annotations match these filters."}
        </p>
      ) : (
        <ol className="annotation-list">
          {shown.slice(0, cardLimit).map((annotation) => (
            <AnnotationCard
              key={annotation.id}
              annotation={annotation}
              replies={store.threads[annotation.id]}
              saveStates={store.saveStates}
              viewerId={viewer.id}
              colorLabels={colorLabels}
              isOpen={openId === annotation.id}
              onToggle={() => onToggle(annotation.id)}
              onEdit={() => onEdit(annotation.id)}
              onMove={() => onMove(annotation.id)}
              onDelete={async (target) => {
                const isDeleted = await store.remove(target);
                if (isDeleted) onDeleted({ id: target.id, isReply: target.parentId !== null });
              }}
              onResolve={(isResolved) => {
                store.update(annotation.id, { resolved: isResolved }, { resolvedAt: isResolved ? new Date().toISOString() : null });
                announce(isResolved ? "Thread resolved." : "Thread reopened.");
              }}
              mentionCandidates={mentionable[scopeKey(annotation)] ?? []}
              onReply={(replyBody, mentions) => store.reply(annotation.id, replyBody, viewer, mentions)}
              onEditReply={(reply, replyBody) => store.update(reply.id, { body: replyBody }, { body: replyBody })}
              onRetry={() => void store.retry()}
              onDiscard={store.discard}
              onFlag={async (reason) => {
                await moderationApi.flag(annotation.id, { reason });
                announce("Flagged. The group's instructors will take a look.");
              }}
              onToggleHelpful={() =>
                void moderate(
                  annotation.id,
                  async () => {
                    const { helpfulCount, isHelpfulToMe } = await moderationApi.setHelpful(annotation.id, !annotation.isHelpfulToMe);
                    return { helpfulCount, isHelpfulToMe };
                  },
                  annotation.isHelpfulToMe ? "Helpful mark taken back." : "Marked helpful.",
                )
              }
              onSetHidden={(isHidden) =>
                void moderate(
                  annotation.id,
                  async () => ({
                    isHidden: (await (isHidden ? moderationApi.hide(annotation.id) : moderationApi.restore(annotation.id))).isHidden,
                  }),
                  isHidden ? "Hidden from the group's members." : "Restored for the group.",
                )
              }
            />
          ))}
        </ol>
      )}
      {shown.length > cardLimit && (
        <button type="button" className="button button--quiet sidebar__more" onClick={onShowMore}>
          Show {Math.min(CARDS_PER_PAGE, shown.length - cardLimit)} more
        </button>
      )}
      <BulkMoveForm
        ids={shown
          .filter((annotation) => annotation.author.id === viewer.id && !annotation.isDeleted && !isPendingId(annotation.id))
          .map((annotation) => annotation.id)}
        groups={groups}
        onMoved={(moved) => {
          for (const annotation of moved) applyLocally(annotation.id, annotation);
          announce(`Moved ${moved.length} annotations.`);
        }}
      />
    </>
  );
}

"use client";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { AnnotationCard } from "@/components/annotations/annotation-card";
import type { MentionCandidate } from "@/lib/notifications/find-mentions";
import { BulkMoveForm } from "@/components/annotations/bulk-move-form";
import type { useAnnotationStore } from "@/components/annotations/use-annotation-store";
import { errorMessage } from "@/components/api/api-client";
import { moderationApi } from "@/components/api/moderation-api";
import type { ReaderPreferences } from "@/lib/annotations/preferences";
import { isPendingId } from "@/lib/annotations/annotation-state";
import { scopeKey, type ReaderGroup } from "@/lib/annotations/scopes";
import type { Mentionable } from "@/components/annotations/annotation-editor";
import type { AnnotationStub } from "@/lib/annotations/annotation-stubs";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { AssignmentDueTime } from "@/lib/assignments/late-hand-in";
import { focusCard, type Reveal } from "./reveal-annotation";
import type { DeletedItem } from "./undo-toast";

/** A card's height before it is measured (a closed card with a one-line note). */
const ESTIMATED_CARD_HEIGHT = 110;
/** The space between cards, in pixels (the list's 0.75rem gap). */
const CARD_GAP = 12;
/** Cards mounted past each end of the sidebar's view. */
const OVERSCAN = 6;
/** A large reading loads this many cards past each end of the mounted window, so a steady scroll rarely sees "Loading…". */
const WINDOW_AHEAD = 10;

type Props = {
  store: ReturnType<typeof useAnnotationStore>;
  /**
   * The annotations the sidebar's filters let through, in document order: full ones, or for a
   * large reading stubs, whose cards come from `byId` once `onWindow` has loaded them.
   */
  shown: readonly (AnnotationDto | AnnotationStub)[];
  /** The reading's text: a stub's card quotes its passage from it until its words arrive. */
  text: string;
  /** The loaded annotations, by id. */
  byId: ReadonlyMap<string, AnnotationDto>;
  /** A large reading: these cards are on screen (or about to be) without their words; load them. */
  onWindow?: (ids: string[]) => void;
  viewer: { id: string; name: string };
  groups: ReaderGroup[];
  mentionable: Mentionable;
  colorLabels: ReaderPreferences["colorLabels"];
  openId: string | null;
  /**
   * A card to bring into the list's view (a highlight was clicked, a note saved): a new object each
   * time it is asked. Focused unless `focus` is false (a note just saved: focus goes back to the text).
   */
  reveal: Reveal | null;
  onToggle: (id: string) => void;
  onEdit: (id: string) => void;
  onMove: (id: string) => void;
  /** Says what happened in the page's polite live region. */
  announce: (text: string) => void;
  /** Something of mine was deleted: the page offers "Undo" for a few seconds. */
  onDeleted: (deleted: DeletedItem) => void;
  /** The reader's open assignments on this reading, for a reply's editor to say when new words would be late. */
  dueTimes?: readonly AssignmentDueTime[];
};

/**
 * The sidebar's cards with everything a reader can do on them: reply, edit, resolve, delete
 * (through the store's outbox), flag, mark helpful, hide and restore (saved at once, shown when
 * the server agrees), and moving the shown ones of mine to another scope.
 */
export function AnnotationList({
  store,
  shown,
  text,
  byId,
  onWindow,
  viewer,
  groups,
  mentionable,
  colorLabels,
  openId,
  reveal,
  onToggle,
  onEdit,
  onMove,
  announce,
  onDeleted,
  dueTimes,
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

  // What a card can do, as one object that never changes: each card is memoized (VirtualCard), so a
  // scroll or opening a thread re-renders only the cards whose own props changed, and the actions
  // reach this render's store and callbacks through a ref.
  const latest = useRef({ store, viewer, onToggle, onEdit, onMove, announce, onDeleted, moderate });
  useLayoutEffect(() => {
    latest.current = { store, viewer, onToggle, onEdit, onMove, announce, onDeleted, moderate };
  });
  const actions = useMemo<CardActions>(
    () => ({
      toggle: (id) => latest.current.onToggle(id),
      edit: (id) => latest.current.onEdit(id),
      move: (id) => latest.current.onMove(id),
      remove: async (target) => {
        const isDeleted = await latest.current.store.remove(target);
        if (isDeleted) latest.current.onDeleted({ id: target.id, isReply: target.parentId !== null, cardId: target.parentId ?? target.id });
      },
      resolve: (id, isResolved) => {
        latest.current.store.update(id, { resolved: isResolved }, { resolvedAt: isResolved ? new Date().toISOString() : null });
        latest.current.announce(isResolved ? "Thread resolved." : "Thread reopened.");
      },
      // Said like "Annotation added.": the reply is in the thread at once; whether the server has it
      // yet is the header's and the reply's to say.
      reply: (id, replyBody, mentions) => {
        latest.current.store.reply(id, replyBody, latest.current.viewer, mentions);
        latest.current.announce("Reply added.");
      },
      editReply: (reply, replyBody, editedFrom, mentions) =>
        latest.current.store.update(
          reply.id,
          mentions.length > 0 ? { body: replyBody, mentions } : { body: replyBody },
          { body: replyBody },
          editedFrom,
        ),
      retry: () => void latest.current.store.retry(),
      discard: (id) => latest.current.store.discard(id),
      flag: async (id, reason, done) => {
        await moderationApi.flag(id, { reason });
        latest.current.announce(done);
      },
      toggleHelpful: (annotation) =>
        void latest.current.moderate(
          annotation.id,
          async () => {
            const { helpfulCount, isHelpfulToMe } = await moderationApi.setHelpful(annotation.id, !annotation.isHelpfulToMe);
            return { helpfulCount, isHelpfulToMe };
          },
          annotation.isHelpfulToMe ? "Helpful mark taken back." : "Marked helpful.",
        ),
      setHidden: (id, isHidden, isReply) =>
        void latest.current.moderate(
          id,
          async () => ({ isHidden: (await (isHidden ? moderationApi.hide(id) : moderationApi.restore(id))).isHidden }),
          isReply
            ? isHidden
              ? "Reply hidden: only its writer and the thread's moderators see it."
              : "Reply shown again."
            : isHidden
              ? "Hidden from the group's members."
              : "Restored for the group.",
        ),
    }),
    [],
  );
  const myShownIds = useMemo(
    () =>
      shown
        .filter((annotation) => annotation.author.id === viewer.id && !annotation.isDeleted && !isPendingId(annotation.id))
        .map((annotation) => annotation.id),
    [shown, viewer.id],
  );

  // Only the cards in (and near) the sidebar's visible window are mounted, so ten thousand
  // annotations cost a few dozen cards in the DOM. The sidebar itself scrolls (on a phone, its
  // open sheet's content does), and the list starts below the filters: `scrollMargin` is that offset.
  const listRef = useRef<HTMLOListElement | null>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const openIndex = openId === null ? -1 : shown.findIndex((annotation) => annotation.id === openId);
  // Found once and again only when the layout may have changed (a resize moves the sidebar between
  // its column and the phone's sheet): the virtualizer asks on every update, and each walk up the
  // tree reads computed styles, which forces a style recalculation of the whole page.
  const scroller = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const forget = () => (scroller.current = null);
    window.addEventListener("resize", forget);
    return () => window.removeEventListener("resize", forget);
  }, []);
  const scrollElement = useCallback(() => {
    if (!scroller.current?.isConnected || !scroller.current.contains(listRef.current))
      scroller.current = scrollingAncestor(listRef.current);
    return scroller.current;
  }, []);
  // The virtualizer re-renders the list as it scrolls; nothing here relies on memoizing it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: scrollElement,
    estimateSize: () => ESTIMATED_CARD_HEIGHT,
    getItemKey: (index) => shown[index].id,
    overscan: OVERSCAN,
    // A scroll re-renders the window in React's own time, not synchronously inside the scroll event:
    // jumping to a clicked highlight's card (scrollToIndex) then paints the open card first, and
    // the cards around it a frame later, instead of holding the frame for all of them.
    useFlushSync: false,
    gap: CARD_GAP,
    scrollMargin,
    // The open card stays mounted wherever the list is scrolled: its highlight points at it (aria-details).
    rangeExtractor: (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return openIndex < 0 || indexes.includes(openIndex) ? indexes : [...indexes, openIndex].sort((a, b) => a - b);
    },
  });
  // The filters and the editor above the list change its offset: measured after every render,
  // with no dependency list on purpose (what moves the list is not among this component's props);
  // the guard ends the update after one step.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const list = listRef.current;
    const scrolling = scrollElement();
    if (!list || !scrolling) return;
    const offset = list.getBoundingClientRect().top - scrolling.getBoundingClientRect().top + scrolling.scrollTop;
    if (Math.abs(offset - scrollMargin) >= 1) setScrollMargin(offset);
  });
  // A large reading's mounted cards, and WINDOW_AHEAD more on either side, load together. Counted from
  // what is in view (the virtualizer's range), not from every mounted card: the open card stays
  // mounted far from the view, and the span from it to the view once asked for every card between.
  const virtualItems = virtualizer.getVirtualItems();
  const inView = virtualizer.range;
  const first = inView?.startIndex ?? 0;
  const last = inView?.endIndex ?? -1;
  useEffect(() => {
    if (!onWindow || last < 0) return;
    const from = Math.max(0, first - OVERSCAN - WINDOW_AHEAD);
    const missing = shown
      .slice(from, last + OVERSCAN + WINDOW_AHEAD + 1)
      .map((item) => item.id)
      .filter((id) => !byId.has(id));
    if (openIndex >= 0 && !byId.has(shown[openIndex].id)) missing.push(shown[openIndex].id);
    if (missing.length > 0) onWindow(missing);
  }, [onWindow, first, last, shown, byId, openIndex]);

  // My new annotation's card keeps the key it had while saving (its pending id) once saved: a new key
  // would draw a new card, and take focus and the words being typed in its reply box with the old one.
  const cardKeys = useMemo(() => new Map(Object.entries(store.savedIds).map(([pending, saved]) => [saved, pending])), [store.savedIds]);

  // A stub's card gives way to the full card when its words arrive (another element): focus follows.
  const focusedStub = useRef<string | null>(null);
  useEffect(() => {
    const id = focusedStub.current;
    if (!id || !byId.has(id)) return;
    focusedStub.current = null;
    if (document.activeElement === null || document.activeElement === document.body)
      document.getElementById(`annotation-${id}`)?.querySelector<HTMLElement>(".annotation-card__summary")?.focus();
  }, [byId]);

  // Before the browser paints: the frame that shows the card open shows it in view, rather than open
  // somewhere out of view with the list scrolling to it a frame (and a window of cards) later.
  useLayoutEffect(() => {
    if (!reveal) return;
    // A note asked for under its pending id may be saved by the time the list is there to show it (a
    // large reading's list waits for its stubs): its card is under the id the server gave it.
    const id = store.savedIds[reveal.id] ?? reveal.id;
    const index = shown.findIndex((annotation) => annotation.id === id);
    // A card already in view stays put. One out of view comes to the top of the list, not to its
    // bottom edge as "auto" would bring one from below: it opens there, and its thread (the note,
    // replies, the reply box) then has the room beneath it instead of running out of view.
    if (index >= 0) {
      const [, nearestEdge] = virtualizer.getOffsetForIndex(index, "auto") ?? [];
      virtualizer.scrollToIndex(index, { align: nearestEdge === "end" ? "start" : "auto" });
    }
    if (reveal.focus !== false) focusCard(id);
    // Only a new request moves the list; `shown` changing under an old one must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reveal]);

  return (
    <>
      {shown.length === 0 ? (
        <p className="sidebar__empty">
          {store.annotations.length === 0 && !onWindow
            ? "No annotations yet. Select text to highlight it, or use “Annotate this paragraph”."
            : "No annotations match these filters."}
        </p>
      ) : (
        <ol className="annotation-list annotation-list--virtual" ref={listRef} style={{ height: virtualizer.getTotalSize() }}>
          {virtualItems.map(({ index, start }) => {
            const item = shown[index];
            const annotation = byId.get(item.id);
            if (!annotation) {
              // A large reading's card whose words are on their way: its stub's quote, colour and
              // author at once, in the same place, measured like a card; opening it works already.
              const isOpen = openId === item.id;
              return (
                <li
                  key={item.id}
                  id={`annotation-${item.id}`}
                  className={`annotation-card annotation-card--loading${isOpen ? " annotation-card--open" : ""}`}
                  ref={virtualizer.measureElement}
                  data-index={index}
                  aria-posinset={index + 1}
                  aria-setsize={shown.length}
                  aria-busy="true"
                  style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${start - scrollMargin}px)` }}
                >
                  <button
                    type="button"
                    className="annotation-card__summary"
                    aria-expanded={isOpen}
                    onClick={() => onToggle(item.id)}
                    onFocus={() => (focusedStub.current = item.id)}
                  >
                    <span className={`annotation-card__color swatch--${item.color ?? "yellow"}`} aria-hidden="true" />
                    <span className="annotation-card__quote" dir="auto">
                      {"start" in item ? text.slice(item.start, item.end) : ""}
                    </span>
                    <span className="visually-hidden">, by {item.author.id === viewer.id ? "you" : item.author.name}</span>
                  </button>
                  <div className="annotation-card__meta">
                    <span className="annotation-card__author">{item.author.id === viewer.id ? "You" : item.author.name}</span>
                  </div>
                  <p className="annotation-card__loading">Loading…</p>
                </li>
              );
            }
            return (
              <VirtualCard
                key={cardKeys.get(annotation.id) ?? annotation.id}
                annotation={annotation}
                replies={store.threads[annotation.id]}
                saveStates={store.saveStates}
                viewerId={viewer.id}
                colorLabels={colorLabels}
                isOpen={openId === annotation.id}
                mentionCandidates={mentionable[scopeKey(annotation)] ?? NO_CANDIDATES}
                index={index}
                setSize={shown.length}
                top={start - scrollMargin}
                measure={virtualizer.measureElement}
                actions={actions}
                dueTimes={dueTimes}
              />
            );
          })}
        </ol>
      )}
      <BulkMoveForm
        ids={myShownIds}
        groups={groups}
        onMoved={(moved) => {
          for (const annotation of moved) applyLocally(annotation.id, annotation);
          announce(`Moved ${moved.length} annotations.`);
        }}
      />
    </>
  );
}

const NO_CANDIDATES: readonly MentionCandidate[] = [];

/** What a card does, by the annotation it is about (AnnotationList's actions: one object for every card). */
type CardActions = {
  toggle: (id: string) => void;
  edit: (id: string) => void;
  move: (id: string) => void;
  remove: (target: AnnotationDto) => Promise<void>;
  resolve: (id: string, isResolved: boolean) => void;
  reply: (id: string, body: string, mentions: string[]) => void;
  /** `editedFrom`: the reply's version (updatedAt) when its editor opened, which the new words replace. */
  editReply: (reply: AnnotationDto, body: string, editedFrom: string, mentions: string[]) => void;
  retry: () => void;
  discard: (id: string) => void;
  /** `done`: what to say once it is sent (who will look at it). */
  flag: (id: string, reason: string, done: string) => Promise<void>;
  toggleHelpful: (annotation: AnnotationDto) => void;
  setHidden: (id: string, isHidden: boolean, isReply: boolean) => void;
};

type VirtualCardProps = {
  annotation: AnnotationDto;
  replies: AnnotationDto[] | undefined;
  saveStates: ReturnType<typeof useAnnotationStore>["saveStates"];
  viewerId: string;
  colorLabels: ReaderPreferences["colorLabels"];
  isOpen: boolean;
  mentionCandidates: readonly MentionCandidate[];
  index: number;
  setSize: number;
  top: number;
  measure: (element: HTMLLIElement | null) => void;
  actions: CardActions;
  /** The page's one list (the same array each render, so the memo holds). */
  dueTimes: readonly AssignmentDueTime[] | undefined;
};

/**
 * A mounted card of the virtualized list, memoized on props that are all stable between renders
 * (the annotation, its thread, primitives, the one actions object): ten thousand annotations on a
 * page must not cost a re-render of every mounted card per scroll step or per click.
 */
const VirtualCard = memo(function VirtualCard({ annotation, index, setSize, top, measure, actions, ...card }: VirtualCardProps) {
  const { id } = annotation;
  return (
    <AnnotationCard
      {...card}
      annotation={annotation}
      placement={{ index, setSize, top, measure }}
      onToggle={() => actions.toggle(id)}
      onEdit={() => actions.edit(id)}
      onMove={() => actions.move(id)}
      onDelete={actions.remove}
      onResolve={(isResolved) => actions.resolve(id, isResolved)}
      onReply={(replyBody, mentions) => actions.reply(id, replyBody, mentions)}
      onEditReply={actions.editReply}
      onRetry={actions.retry}
      onDiscard={actions.discard}
      onFlag={actions.flag}
      onToggleHelpful={() => actions.toggleHelpful(annotation)}
      onSetHidden={actions.setHidden}
    />
  );
});

/** The element the sidebar scrolls in: the nearest ancestor whose content overflows into a scrollbar. */
function scrollingAncestor(element: HTMLElement | null): HTMLElement | null {
  for (let parent = element?.parentElement ?? null; parent; parent = parent.parentElement) {
    const { overflowY } = getComputedStyle(parent);
    if (overflowY === "auto" || overflowY === "scroll") return parent;
  }
  return null;
}

"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AnnotationCard } from "@/components/annotations/annotation-card";
import { AnnotationEditor, type EditorValues } from "@/components/annotations/annotation-editor";
import { filterAnnotations, NO_FILTER, type AnnotationFilter } from "@/components/annotations/annotation-filters";
import { AnnotationSidebar } from "@/components/annotations/annotation-sidebar";
import { BulkMoveForm } from "@/components/annotations/bulk-move-form";
import { ApiError, moderationApi } from "@/components/annotations/api-client";
import { useAnnotationStore } from "@/components/annotations/use-annotation-store";
import { LiveBar } from "@/components/live/live-bar";
import { describeArrival, dropFromQueue, EMPTY_QUEUE, enqueueChange, type LiveQueue } from "@/components/live/live-queue";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import type { HighlightColor } from "@/lib/annotations/colors";
import type { ReaderPreferences } from "@/lib/annotations/preferences";
import { parseScopeKey, PRIVATE_SCOPE, scopeKey, scopeToInput, usableScopeKey, type ReaderGroup } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { ReadableDocument } from "@/lib/documents/types";
import type { LiveAnnotationMessage, LivePresenceMessage, LiveRemovedMessage } from "@/lib/live/protocol";
import { ArticleBody, type PaintedHighlight } from "./article-body";
import { ArticleView } from "./article-view";
import { SelectionToolbar } from "./selection-toolbar";
import { useLiveAnnotations } from "./use-live-annotations";
import { useTextSelection } from "./use-text-selection";

type Props = {
  document: ReadableDocument;
  viewer: { id: string; name: string };
  initialAnnotations: AnnotationDto[];
  preferences: ReaderPreferences;
  /** The reader's groups (id, name, role), for choosing and filtering scopes. */
  groups: ReaderGroup[];
  /** Open this annotation's thread and scroll to its highlight once the page is ready. */
  linkedAnnotationId?: string;
  /** The live stream's latest event id when the page was rendered; the stream starts after it. */
  liveCursor: number;
};

type EditorState = { mode: "create"; start: number; end: number } | { mode: "edit"; id: string } | null;
type Picker = { ids: string[]; top: number; left: number } | null;

const DRAFT_HIGHLIGHT_ID = "draft";
/** Cards rendered at first; a page with a thousand annotations stays light until asked for more. */
const CARDS_PER_PAGE = 100;

/**
 * The reading page for a signed-in reader: the article with highlights, the selection toolbar,
 * the editor and the sidebar. All server state goes through useAnnotationStore (optimistic, never
 * loses typed text); everything here is interaction.
 */
export function ReaderWorkspace({ document: doc, viewer, initialAnnotations, preferences, groups, linkedAnnotationId, liveCursor }: Props) {
  const text = doc.version.text;
  const store = useAnnotationStore({ slug: doc.slug, userId: viewer.id, initial: initialAnnotations });
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const [body, setBody] = useState<HTMLDivElement | null>(null);
  const { selection, readSelection, clear: clearSelection } = useTextSelection(body, container, text);
  const [color, setColor] = useState<HighlightColor>(preferences.lastColor);
  // A scope key; the last one used, unless it names a group the reader has left since.
  const [visibility, setVisibility] = useState(() => usableScopeKey(preferences.lastVisibility, groups));
  const [editor, setEditor] = useState<EditorState>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [movingId, setMovingId] = useState<string | null>(null);
  const [filter, setFilter] = useState<AnnotationFilter>(NO_FILTER);
  const [picker, setPicker] = useState<Picker>(null);
  const [isSheetOpen, setIsSheetOpen] = useState(false);
  const [flashId, setFlashId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [cardLimit, setCardLimit] = useState(CARDS_PER_PAGE);
  const returnFocus = useRef<HTMLElement | null>(null);
  const sidebarHeading = useRef<HTMLHeadingElement | null>(null);
  const [presence, setPresence] = useState<LivePresenceMessage | null>(null);
  const [queue, setQueue] = useState<LiveQueue>(EMPTY_QUEUE);
  // The queue as of the last event, for handlers that run between renders.
  const queueRef = useRef<LiveQueue>(EMPTY_QUEUE);
  const isQueueing = preferences.liveUpdates === "queue";
  const { applyRemote, removeRemote, reloadAll, applyLocally } = store;
  // Two arrivals with the same words ("Ayesha added an annotation.") would leave the live region
  // unchanged, and the second would go unheard; a trailing no-break space makes it new text.
  const announceArrival = useCallback((text: string) => setAnnouncement((current) => (current === text ? `${text}\u00a0` : text)), []);

  // Others' changes go into the queue in "queue" mode; mine (from another tab, or the echo of
  // this one's saves) always apply at once. Arrivals are announced politely: nothing takes focus
  // and nothing scrolls, so a reader in the middle of a sentence stays there.
  const onLiveAnnotation = useCallback(
    (message: LiveAnnotationMessage) => {
      if (message.isMine) return applyRemote(message);
      if (isQueueing) {
        // The reply waits, but the thread's reply count moves now: it is the server's latest
        // (a queued copy would be stale by the time it is shown), and it moves nothing on screen.
        if (message.parent) applyLocally(message.parent.id, { replyCount: message.parent.replyCount });
        queueRef.current = enqueueChange(queueRef.current, { ...message, parent: null });
        setQueue(queueRef.current);
        announceArrival(`${describeArrival(message)}. ${queueRef.current.size} new waiting.`);
      } else {
        applyRemote(message);
        announceArrival(`${describeArrival(message)}.`);
      }
    },
    [isQueueing, applyRemote, applyLocally, announceArrival],
  );

  const onLiveRemoved = useCallback(
    (message: LiveRemovedMessage) => {
      const { queue: next, isNeverShown } = dropFromQueue(queueRef.current, message.id);
      if (next !== queueRef.current) {
        queueRef.current = next;
        setQueue(next);
      }
      if (isNeverShown) {
        // Never on the page; but a queued reply is already in its thread's count (see above).
        if (message.parentId) removeRemote(message.id, message.parentId);
        return;
      }
      removeRemote(message.id, message.parentId);
      setOpenId((current) => (current === message.id ? null : current));
      if (!message.isMine) announceArrival(message.parentId ? "A reply was removed." : "An annotation was removed.");
    },
    [removeRemote, announceArrival],
  );

  const onLiveReset = useCallback(() => {
    // The reload brings everything, queued changes included.
    queueRef.current = EMPTY_QUEUE;
    setQueue(EMPTY_QUEUE);
    void reloadAll();
  }, [reloadAll]);

  const liveStatus = useLiveAnnotations({
    slug: doc.slug,
    since: liveCursor,
    onAnnotation: onLiveAnnotation,
    onRemoved: onLiveRemoved,
    onPresence: setPresence,
    onReset: onLiveReset,
  });

  const showQueued = useCallback(() => {
    const waiting = [...queueRef.current.values()];
    queueRef.current = EMPTY_QUEUE;
    setQueue(EMPTY_QUEUE);
    for (const message of waiting) applyRemote(message);
    setAnnouncement(waiting.length === 1 ? "Showing 1 new annotation." : `Showing ${waiting.length} new annotations.`);
    // The button is gone; the sidebar's heading keeps the reader's place in the tab order.
    sidebarHeading.current?.focus();
  }, [applyRemote]);

  // Marks the moment the page became interactive, for the painting benchmark and for tests.
  useEffect(() => {
    document.documentElement.dataset.hydratedAt = String(Math.round(performance.now()));
  }, []);

  const shown = useMemo(() => filterAnnotations(store.annotations, filter, viewer.id), [store.annotations, filter, viewer.id]);
  const highlights = useMemo(() => {
    const painted: PaintedHighlight[] = shown
      .filter((annotation) => annotation.target && !annotation.isDeleted)
      .map((annotation) => ({
        id: annotation.id,
        start: annotation.target!.selector[1].start,
        end: annotation.target!.selector[1].end,
        color: annotation.color ?? "yellow",
        isMine: annotation.author.id === viewer.id,
      }));
    if (editor?.mode === "create") painted.push({ id: DRAFT_HIGHLIGHT_ID, start: editor.start, end: editor.end, color, isMine: true, isDraft: true });
    return painted;
  }, [shown, editor, color, viewer.id]);

  const byId = useMemo(() => new Map(store.annotations.map((annotation) => [annotation.id, annotation])), [store.annotations]);

  /** Flag, helpful, hide and restore: saved at once (not queued), shown when the server agrees. */
  const moderate = useCallback(
    async (id: string, action: () => Promise<Partial<AnnotationDto>>, done: string) => {
      store.setError(null);
      try {
        store.applyLocally(id, await action());
        setAnnouncement(done);
      } catch (caught) {
        store.setError(caught instanceof ApiError ? caught.message : "That did not work. Try again.");
      }
    },
    [store],
  );

  const targetFor = useCallback(
    (start: number, end: number) => {
      const { quote, position } = describeTextRange(text, start, end);
      return { selector: [quote, position] as [typeof quote, typeof position], quote, position };
    },
    [text],
  );

  /** The group a scope key names, for the optimistic card's label. */
  const groupNameOf = useCallback(
    (key: string) => groups.find((group) => group.id === parseScopeKey(key)?.groupId)?.name ?? null,
    [groups],
  );

  const dropSelection = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    clearSelection();
  }, [clearSelection]);

  const highlightSelection = useCallback(() => {
    const current = readSelection() ?? selection;
    if (!current) return;
    const { selector, quote, position } = targetFor(current.start, current.end);
    store.create({ target: { selector }, body: "", tags: [], color, visibility: scopeToInput(parseScopeKey(visibility) ?? PRIVATE_SCOPE) }, viewer, position, quote, groupNameOf(visibility));
    setAnnouncement("Highlighted.");
    dropSelection();
  }, [readSelection, selection, targetFor, store, color, visibility, viewer, dropSelection, groupNameOf]);

  const openEditorFor = useCallback((start: number, end: number) => {
    returnFocus.current = document.activeElement as HTMLElement | null;
    setEditor({ mode: "create", start, end });
    setIsSheetOpen(true);
  }, []);

  const annotateSelection = useCallback(() => {
    const current = readSelection() ?? selection;
    if (!current) return;
    openEditorFor(current.start, current.end);
    dropSelection();
  }, [readSelection, selection, openEditorFor, dropSelection]);

  const moveHere = useCallback(() => {
    const current = readSelection() ?? selection;
    if (!current || !movingId) return;
    const { selector, quote, position } = targetFor(current.start, current.end);
    const annotation = byId.get(movingId);
    store.update(movingId, { target: { selector } }, { target: { source: annotation?.target?.source ?? "", selector: [quote, position] } });
    setAnnouncement("Highlight moved.");
    setMovingId(null);
    dropSelection();
  }, [readSelection, selection, movingId, targetFor, byId, store, dropSelection]);

  const openThread = useCallback(
    (id: string, options: { scrollToHighlight: boolean }) => {
      setOpenId(id);
      const position = shown.findIndex((annotation) => annotation.id === id);
      if (position >= 0) setCardLimit((limit) => Math.max(limit, position + 1));
      setIsSheetOpen(true);
      setPicker(null);
      if (!store.threads[id] && !id.startsWith("pending-")) void store.loadThread(id);
      if (options.scrollToHighlight) {
        const index = highlights.findIndex((highlight) => highlight.id === id);
        const mark = index < 0 ? null : body?.querySelector<HTMLElement>(`mark[data-highlights~="${index}"]`);
        const isReducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        mark?.scrollIntoView({ block: "center", behavior: isReducedMotion ? "auto" : "smooth" });
        setFlashId(id);
        setTimeout(() => setFlashId((current) => (current === id ? null : current)), 1600);
      } else {
        requestAnimationFrame(() => {
          const card = document.getElementById(`annotation-${id}`);
          card?.scrollIntoView({ block: "nearest" });
          card?.querySelector<HTMLElement>(".annotation-card__summary")?.focus();
        });
      }
    },
    [body, store, highlights, shown],
  );

  // A link to one annotation (?annotation=<id>) opens it once the highlights are on screen.
  const pendingLink = useRef(linkedAnnotationId);
  useEffect(() => {
    const id = pendingLink.current;
    if (!id || !body) return;
    pendingLink.current = undefined;
    if (byId.has(id)) openThread(id, { scrollToHighlight: true });
  }, [body, byId, openThread]);

  // Single-key shortcuts while the toolbar shows (WCAG 2.1.4: the reader can turn them off or remap them).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable='true']")) return;
      if (event.key === "Escape") {
        if (movingId) setMovingId(null);
        if (picker) setPicker(null);
        if (selection) dropSelection();
        return;
      }
      if (!selection || event.ctrlKey || event.metaKey || event.altKey || !preferences.shortcuts.enabled) return;
      const key = event.key.toLowerCase();
      if (movingId) return;
      if (key === preferences.shortcuts.highlight) {
        event.preventDefault();
        highlightSelection();
      } else if (key === preferences.shortcuts.annotate) {
        event.preventDefault();
        annotateSelection();
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [selection, movingId, picker, preferences.shortcuts, highlightSelection, annotateSelection, dropSelection]);

  function onBodyClick(event: React.MouseEvent) {
    if (!window.getSelection()?.isCollapsed) return; // finishing a selection, not clicking a highlight
    const mark = (event.target as HTMLElement).closest<HTMLElement>("mark[data-highlights]");
    const ids = (mark?.dataset.highlights?.split(" ") ?? [])
      .map((index) => highlights[Number(index)]?.id)
      .filter((id): id is string => id !== undefined && id !== DRAFT_HIGHLIGHT_ID);
    if (!mark || ids.length === 0) return setPicker(null);
    if (ids.length === 1) return openThread(ids[0], { scrollToHighlight: false });
    const box = mark.getBoundingClientRect();
    const origin = container!.getBoundingClientRect();
    setPicker({ ids, top: box.bottom - origin.top + 6, left: box.left - origin.left });
  }

  function closeEditor() {
    setEditor(null);
    returnFocus.current?.focus();
  }

  function saveEditor(values: EditorValues) {
    const scope = parseScopeKey(values.visibility) ?? PRIVATE_SCOPE;
    setColor(values.color);
    setVisibility(values.visibility);
    if (editor?.mode === "create") {
      const { selector, quote, position } = targetFor(editor.start, editor.end);
      const id = store.create({ target: { selector }, ...values, visibility: scopeToInput(scope) }, viewer, position, quote, groupNameOf(values.visibility));
      setAnnouncement("Annotation saved.");
      setOpenId(id);
    } else if (editor?.mode === "edit") {
      const { visibility: key, ...rest } = values;
      // The scope is sent only when it changed: a move needs membership of the new group.
      const isMoved = editing !== undefined && key !== scopeKey(editing);
      store.update(
        editor.id,
        isMoved ? { ...rest, visibility: scopeToInput(scope) } : rest,
        isMoved ? { ...rest, ...scope, groupName: groupNameOf(key) } : rest,
      );
      setAnnouncement("Changes saved.");
    }
    closeEditor();
  }

  const editing = editor?.mode === "edit" ? byId.get(editor.id) : undefined;
  const editorNode = editor && (
    <AnnotationEditor
      key={editor.mode === "edit" ? editor.id : `${editor.start}-${editor.end}`}
      heading={editor.mode === "edit" ? "Edit annotation" : "New annotation"}
      quote={editor.mode === "edit" ? (editing?.target?.selector[0].exact ?? null) : text.slice(editor.start, editor.end)}
      initial={
        editing
          ? { body: editing.body, tags: editing.tags, color: editing.color ?? color, visibility: scopeKey(editing) }
          : { body: "", tags: [], color, visibility }
      }
      colorLabels={preferences.colorLabels}
      groups={groups}
      draftKey={`marginalia:draft:${viewer.id}:${doc.slug}:${editor.mode === "edit" ? editor.id : "new"}`}
      onSave={saveEditor}
      onCancel={closeEditor}
    />
  );

  const banner = (
    <>
      {movingId && (
        <div className="move-banner" role="status">
          <p>Select the new passage in the text, then choose “Move here”.</p>
          <button type="button" className="button button--small button--quiet" onClick={() => setMovingId(null)}>
            Cancel move
          </button>
        </div>
      )}
      {store.error && (
        <p className="notice notice--error" role="alert">
          {store.error}
        </p>
      )}
    </>
  );

  return (
    <div className="workspace" ref={setContainer}>
      <ArticleView
        document={doc}
        body={
          <div onClick={onBodyClick} className={flashId ? "is-flashing" : undefined} data-flash-id={flashId ?? undefined}>
            <ArticleBody text={text} versionId={doc.version.id} highlights={highlights} flashId={flashId} bodyRef={setBody} onAnnotateParagraph={openEditorFor} />
          </div>
        }
      />
      {selection && !editor && (
        <SelectionToolbar
          anchor={selection.anchor}
          color={color}
          colorLabels={preferences.colorLabels}
          shortcuts={preferences.shortcuts}
          isMoving={movingId !== null}
          onHighlight={highlightSelection}
          onAnnotate={annotateSelection}
          onMoveHere={moveHere}
          onColorChange={setColor}
        />
      )}
      {picker && (
        <div className="highlight-picker" role="dialog" aria-label="Choose an annotation" style={{ top: picker.top, left: picker.left }}>
          <p className="highlight-picker__title">Several annotations cover this text:</p>
          <ul>
            {picker.ids.map((id) => {
              const annotation = byId.get(id);
              if (!annotation) return null;
              return (
                <li key={id}>
                  <button type="button" className="button button--link" onClick={() => openThread(id, { scrollToHighlight: false })}>
                    {annotation.author.id === viewer.id ? "You" : annotation.author.name}: “{(annotation.body || annotation.target?.selector[0].exact || "").slice(0, 60)}”
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <AnnotationSidebar
        groups={groups}
        all={store.annotations}
        shown={shown}
        filter={filter}
        onFilterChange={setFilter}
        colorLabels={preferences.colorLabels}
        viewerId={viewer.id}
        isSheetOpen={isSheetOpen}
        onSheetToggle={() => setIsSheetOpen((open) => !open)}
        exportLinks={{
          markdown: `/api/documents/${doc.slug}/export?format=markdown&mine=1`,
          jsonld: `/api/documents/${doc.slug}/export?format=jsonld&mine=1`,
        }}
        editor={editorNode}
        banner={banner}
        headingRef={sidebarHeading}
        queuedCount={queue.size}
        live={
          <LiveBar groups={groups} presence={presence} isReconnecting={liveStatus === "reconnecting"} queuedCount={queue.size} onShowQueued={showQueued} />
        }
      >
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
                colorLabels={preferences.colorLabels}
                isOpen={openId === annotation.id}
                onToggle={() => (openId === annotation.id ? setOpenId(null) : openThread(annotation.id, { scrollToHighlight: true }))}
                onEdit={() => setEditor({ mode: "edit", id: annotation.id })}
                onMove={() => {
                  setMovingId(annotation.id);
                  setIsSheetOpen(false);
                }}
                onDelete={async (target) => {
                  const isDeleted = await store.remove(target);
                  if (isDeleted) setAnnouncement(target.parentId ? "Reply deleted." : "Annotation deleted.");
                }}
                onResolve={(isResolved) => {
                  store.update(annotation.id, { resolved: isResolved }, { resolvedAt: isResolved ? new Date().toISOString() : null });
                  setAnnouncement(isResolved ? "Thread resolved." : "Thread reopened.");
                }}
                onReply={(replyBody) => store.reply(annotation.id, replyBody, viewer)}
                onEditReply={(reply, replyBody) => store.update(reply.id, { body: replyBody }, { body: replyBody })}
                onRetry={() => void store.retry()}
                onDiscard={store.discard}
                canFlag={annotation.permissions.flag}
                canModerate={annotation.permissions.hide}
                onFlag={async (reason) => {
                  await moderationApi.flag(annotation.id, reason);
                  setAnnouncement("Flagged. The group's instructors will take a look.");
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
                    async () => ({ isHidden: (await (isHidden ? moderationApi.hide(annotation.id) : moderationApi.restore(annotation.id))).isHidden }),
                    isHidden ? "Hidden from the group's members." : "Restored for the group.",
                  )
                }
              />
            ))}
          </ol>
        )}
        {shown.length > cardLimit && (
          <button type="button" className="button button--quiet sidebar__more" onClick={() => setCardLimit((limit) => limit + CARDS_PER_PAGE)}>
            Show {Math.min(CARDS_PER_PAGE, shown.length - cardLimit)} more
          </button>
        )}
        <BulkMoveForm
          ids={shown.filter((annotation) => annotation.author.id === viewer.id && !annotation.isDeleted && !annotation.id.startsWith("pending-")).map((annotation) => annotation.id)}
          groups={groups}
          onMoved={(moved) => {
            for (const annotation of moved) store.applyLocally(annotation.id, annotation);
            setAnnouncement(`Moved ${moved.length} annotations.`);
          }}
        />
      </AnnotationSidebar>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

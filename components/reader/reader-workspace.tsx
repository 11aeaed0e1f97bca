"use client";
import { flushSync } from "react-dom";
import { Suspense, useCallback, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState } from "react";
import { filterAnnotations, NO_FILTER, type AnnotationFilter } from "@/lib/annotations/annotation-filter";
import type { Mentionable } from "@/components/annotations/annotation-editor";
import { AnnotationSidebar } from "@/components/annotations/annotation-sidebar";
import { useAnnotationStore } from "@/components/annotations/use-annotation-store";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { useLoaded } from "@/components/common/use-loaded";
import { LiveBar } from "@/components/live/live-bar";
import { KeepOfflineButton } from "@/components/offline/keep-offline-button";
import type { HighlightColor } from "@/lib/annotations/colors";
import { gatesStillHolding, type PostGate } from "@/lib/annotations/post-gate";
import type { ReaderPreferences, ReaderView } from "@/lib/annotations/preferences";
import { defaultScopeKey, type ReaderGroup } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { LiveAnnotationMessage } from "@/lib/live/protocol";
import type { AnnotationStub } from "@/lib/annotations/annotation-stubs";
import { countAnnotations, countListed, type ListedCounts } from "@/lib/annotations/listed-counts";
import type { ReadableDocument } from "@/lib/documents/types";
import type { ReaderComfort } from "@/lib/reader/comfort";
import { ArticleBody, type PaintedHighlight } from "./article-body";
import { ArticleView } from "./article-view";
import { useHighlightPicker, type PointerAt } from "./highlight-picker";
import { paintHighlights, paintStubs } from "./paint-highlights";
import { ReaderComfortMenu } from "./reader-comfort";
import { scrollToHighlight, type Reveal } from "./reveal-annotation";
import { SidebarBanner } from "./sidebar-banner";
import type { DeletedItem } from "./undo-toast";
import { useAnnotationEditor } from "./use-annotation-editor";
import { useFocusAboveSheet } from "./use-focus-above-sheet";
import { NewVersionNotice } from "./new-version-notice";
import { useLiveReading } from "./use-live-reading";
import { ReadingAssignmentsPanel, type ReadingAssignmentItem } from "@/components/assignments/reading-assignments-panel";
import type { AssignmentDueTime } from "@/lib/assignments/late-hand-in";
import { useReaderShortcuts } from "./use-reader-shortcuts";
import { useSelectionActions } from "./use-selection-actions";
import { loadStubTools, useReadingStubs } from "./use-reading-stubs";
import { useServerSearch } from "./use-server-search";
import { useTextSelection } from "./use-text-selection";
import { LazyPartBoundary, lazyPart } from "@/components/common/lazy-part";
import { placeOnShownVersion } from "@/lib/annotations/shown-version";
import { useParagraphButtonFocus } from "./use-paragraph-button-focus";

// The cards and their virtualizer load after the page's first JavaScript (the reading page's
// budget, perf/js-budget.json): the article and its painted highlights never wait for them. They
// are rendered in the browser only (the server sends "Loading annotations…"), as next/dynamic's
// `ssr: false` did; React's own lazy() does it without next/dynamic's loader and server-side chunk
// preloading in the page's first load (1.4 KiB of gzip).
// lazyPart: asked for again while the network is away, rather than failing the page.
const AnnotationList = lazyPart(() => import("./annotation-list").then((module) => module.AnnotationList));
const LOADING_ANNOTATIONS = <p className="sidebar__empty">Loading annotations…</p>;

// Notes waiting for a new place exist only after a reading is revised: their list loads when there are some.
const OrphanList = lazyPart(() => import("./orphan-list").then((module) => module.OrphanList));

// The selection's toolbar, the picker between overlapping highlights, a delete's Undo and sync conflicts: loaded as the page starts (useLoaded).
const loadOccasionalParts = () => import("./occasional-parts");

const NONE: AnnotationDto[] = [];
const NO_IDS: ReadonlySet<string> = new Set();

/** `ids` with `id` in it or not; the same set when nothing changes, so React keeps its state. */
function withMember(ids: ReadonlySet<string>, id: string, isMember: boolean): ReadonlySet<string> {
  if (ids.has(id) === isMember) return ids;
  const next = new Set(ids);
  if (isMember) next.add(id);
  else next.delete(id);
  return next;
}
const NOTHING_PAINTED: PaintedHighlight[] = [];

/**
 * What a large reading's page carries in place of its stubs, which the browser fetches after the
 * page (useReadingStubs): the article's blocks as the server painted them, and the sidebar's counts.
 */
export type WindowedStart = {
  /** Each block's inner HTML (prepaintBlocks), painted from the stubs with the reader's default filter. */
  prepainted: string[];
  counts: ListedCounts;
  /** How many the reader's default filter shows. */
  shownCount: number;
};

type Props = {
  document: ReadableDocument;
  viewer: { id: string; name: string };
  initialAnnotations: AnnotationDto[];
  /**
   * A large reading (more than INLINE_ANNOTATIONS_LIMIT annotations): every placed annotation is
   * painted and listed from its stub, fetched after the page; `initialAnnotations` then holds only
   * those that need a new place.
   */
  windowed?: WindowedStart | null;
  preferences: ReaderPreferences;
  /** The reader's groups (id, name, role), for choosing and filtering scopes. */
  groups: ReaderGroup[];
  /** Those of `groups` that can open this reading: who is reading now is counted for them alone. */
  groupsReadingAlong: ReaderGroup[];
  /** Open this annotation's thread and scroll to its highlight once the page is ready. */
  linkedAnnotationId?: string;
  /** Each block runs in the direction of its own words (lib/text/text-direction.ts, blocksTakeTheirOwnDirection). */
  autoDirection: boolean;
  /** The live stream's latest event id when the page was rendered; the stream starts after it. */
  liveCursor: number;
  /** Groups hiding their members' annotations here until the reader posts (server/authz decided). */
  postGates: PostGate[];
  /** By scope key, who a note there can @mention (server/authz/mentions.ts). */
  mentionable: Mentionable;
  /** Remembers whose annotations the reader chose to see (a server action). */
  rememberReaderView: (view: ReaderView) => Promise<void>;
  /** Remembers the reader's text size, line spacing and theme (a server action). */
  rememberReaderComfort: (comfort: ReaderComfort) => Promise<void>;
  /** At the top of the sidebar: the assignments set on this reading for the reader, as of `renderedAt`. */
  assignments?: { items: readonly ReadingAssignmentItem[]; renderedAt: string; dueTimes: readonly AssignmentDueTime[] };
};

/**
 * The reading page for a signed-in reader: the article with highlights, the selection toolbar,
 * the editor and the sidebar. It composes the parts: the annotation store (a pure reducer and an
 * outbox), live reading, the editor, the highlight picker and the keyboard; what is left here is
 * which thread is open, what the sidebar shows and what the live region says.
 */
export function ReaderWorkspace({
  document: doc,
  viewer,
  initialAnnotations,
  windowed = null,
  preferences,
  groups,
  groupsReadingAlong,
  linkedAnnotationId,
  autoDirection,
  liveCursor,
  postGates,
  mentionable,
  rememberReaderView,
  rememberReaderComfort,
  assignments,
}: Props) {
  const text = doc.version.text;
  const isWindowed = windowed !== null;
  const store = useAnnotationStore({
    slug: doc.slug,
    title: doc.title,
    versionId: doc.version.id,
    userId: viewer.id,
    initial: initialAnnotations,
    isWindowed,
  });
  // Opened offline, a kept reading lists its kept copy (every annotation, in full) until the stubs can be fetched.
  const [isListingKept, setIsListingKept] = useState(false);
  const { loadKept } = store;
  const showKeptCopy = useCallback(
    (kept: AnnotationDto[]) => {
      loadKept(kept);
      setIsListingKept(isWindowed);
    },
    [loadKept, isWindowed],
  );
  const listKeptCopy = useCallback(async () => {
    const { getKeptReading } = await import("@/components/offline/kept-readings");
    const record = await getKeptReading(viewer.id, doc.slug).catch(() => undefined);
    if (!record) return false;
    showKeptCopy(record.annotations);
    return true;
  }, [viewer.id, doc.slug, showKeptCopy]);
  // A large reading's stubs are merged and filtered by code that comes with them (loadStubTools).
  const stubTools = useLoaded(isWindowed ? loadStubTools : null);
  const initialStubs = useReadingStubs({ slug: doc.slug, isWindowed, onError: store.setError, onUnreachable: listKeptCopy });
  // The list's code loads while the stubs it lists are on their way, not after them.
  useEffect(() => {
    if (isWindowed) void import("./annotation-list");
  }, [isWindowed]);
  // The cards are the browser's to render: on the server and while hydrating, the sidebar says they are loading.
  const isInteractive = useIsInteractive();
  const parts = useLoaded(loadOccasionalParts);
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const [body, setBody] = useState<HTMLDivElement | null>(null);
  const { selection, readSelection, keepAcrossRepaint, clear: clearSelection } = useTextSelection(body, container, text);
  useParagraphButtonFocus(body);
  useFocusAboveSheet(container);
  const [color, setColor] = useState<HighlightColor>(preferences.lastColor);
  // A scope key: the last one used, or the reader's only group; null asks (see defaultScopeKey).
  const [visibility, setVisibility] = useState<string | null>(() => defaultScopeKey(preferences.lastVisibility, groups));
  const [openId, setOpenId] = useState<string | null>(null);
  // My new annotation's card opens under its pending id: once saved it stays open under its own.
  const savedOpenId = openId ? store.savedIds[openId] : undefined;
  if (savedOpenId) setOpenId(savedOpenId);
  const [movingId, setMovingId] = useState<string | null>(null);
  const [filter, setFilter] = useState<AnnotationFilter>({ ...NO_FILTER, scope: preferences.readerView });
  const [isSheetOpen, setIsSheetOpen] = useState(false);
  const [flashId, setFlashId] = useState<string | null>(null);
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const sidebarHeading = useRef<HTMLHeadingElement | null>(null);
  const [deleted, setDeleted] = useState<DeletedItem | null>(null);
  const expireUndo = useCallback(() => setDeleted(null), []);
  const [announcement, setAnnouncement] = useState("");
  // Two announcements with the same words ("Annotation added." twice, "Ayesha added an annotation.")
  // would leave the live region unchanged, and the second would go unheard (an independent check heard
  // nothing for a second note); a trailing no-break space makes it new text. Every announcement goes here.
  const announce = useCallback((text: string) => setAnnouncement((current) => (current === text ? `${text}\u00a0` : text)), []);
  const closeIfOpen = useCallback((id: string) => setOpenId((current) => (current === id ? null : current)), []);

  // Live messages speak of the latest version; this page may show an older one (placeOnShownVersion).
  // A note on words only the newer version has cannot be painted here: the new version's notice counts it.
  const shownById = useRef(new Map<string, AnnotationDto>());
  const [onNewWords, setOnNewWords] = useState<ReadonlySet<string>>(NO_IDS);
  const { applyRemote } = store;
  const applyRemoteHere = useCallback(
    (message: LiveAnnotationMessage) => {
      const { id } = message.annotation;
      const placed = placeOnShownVersion(message.annotation, { versionId: doc.version.id, text }, shownById.current.get(id));
      if (placed) applyRemote({ ...message, annotation: placed });
      setOnNewWords((ids) => withMember(ids, id, !placed));
    },
    [applyRemote, doc.version.id, text],
  );
  const forgetRemoved = useCallback(
    (id: string) => {
      closeIfOpen(id);
      setOnNewWords((ids) => withMember(ids, id, false));
    },
    [closeIfOpen],
  );
  const liveStore = useMemo(() => ({ ...store, applyRemote: applyRemoteHere }), [store, applyRemoteHere]);
  const live = useLiveReading({
    slug: doc.slug,
    since: liveCursor,
    versionNumber: doc.version.number,
    isQueueing: preferences.liveUpdates === "queue",
    store: liveStore,
    announceArrival: announce,
    onRemoved: forgetRemoved,
  });
  function showQueued() {
    const count = live.showQueued();
    announce(count === 1 ? "Showing 1 new annotation." : `Showing ${count} new annotations.`);
    // The button is gone; the sidebar's heading keeps the reader's place in the tab order.
    sidebarHeading.current?.focus();
  }

  // "Skip to annotations", first before the text: from any paragraph's button, Shift+Tab and Enter
  // reach the first card (a note just saved is at the top) without tabbing through every paragraph
  // and filter; the heading when there is no card. On a phone it opens the sheet first: a closed
  // sheet's cards cannot take focus.
  function skipToAnnotations() {
    flushSync(() => setIsSheetOpen(true));
    const sidebar = sidebarHeading.current?.closest("aside");
    (sidebar?.querySelector<HTMLElement>(".annotation-card__summary") ?? sidebarHeading.current)?.focus();
  }

  // Marks the moment the page became interactive, for the painting benchmark and for tests.
  useEffect(() => {
    document.documentElement.dataset.hydratedAt = String(Math.round(performance.now()));
  }, []);

  const byId = useMemo(() => new Map(store.annotations.map((annotation) => [annotation.id, annotation])), [store.annotations]);
  useEffect(() => {
    shownById.current = byId;
  }, [byId]);
  const editor = useAnnotationEditor({
    store,
    slug: doc.slug,
    text,
    viewer,
    groups,
    mentionable,
    colorLabels: preferences.colorLabels,
    byId,
    color,
    visibility,
    announce,
    dueTimes: assignments?.dueTimes,
    // (The selection's actions need the editor, so they come after it; this runs only once both exist.)
    onMoveTo: (start, end) => actions.moveTo(start, end),
    // Back to the text to choose again: on a phone the sheet closes over it, and the move bar is back.
    onNotHere: () => setIsSheetOpen(false),
    onChoices: (nextColor, nextVisibility) => {
      setColor(nextColor);
      setVisibility(nextVisibility);
    },
    // The new card opens and comes into the list's view (on a busy reading it is one among
    // thousands); focus goes back to the text, where the reader was. On a phone the sheet opens
    // over the text: the new highlight comes into the room above it.
    onCreated: (id, place) => {
      setOpenId(id);
      setReveal({ id, focus: false });
      scrollToHighlight(body, place, { whereHidden: true });
    },
  });

  // Counted from my own annotations as they are saved, so the notice changes the moment I post; the
  // server's stream then finds the gate met and reloads the list with the group's annotations.
  const holding = useMemo(() => gatesStillHolding(postGates, store.annotations, viewer.id), [postGates, store.annotations, viewer.id]);
  const lifted = postGates.filter((gate) => !holding.some((held) => held.groupId === gate.groupId)).map((gate) => gate.groupName);

  // Orphans have no place on this version: they are listed under "Needs a new place", never painted.
  const placed = useMemo(() => store.annotations.filter((annotation) => annotation.anchoring?.status !== "orphaned"), [store.annotations]);
  const orphans = useMemo(() => store.annotations.filter((annotation) => annotation.anchoring?.status === "orphaned"), [store.annotations]);
  const [tab, setTab] = useState<"placed" | "orphans">("placed");
  const { draft } = editor;
  // A large reading lists and paints its stubs, brought up to date with what the page loaded since,
  // and filters them here, but for the search box: the stubs carry no words, the server answers it.
  // Loading a window of cards changes nothing painted: the same list is kept, so the article is not repainted.
  const merged = useMemo(
    () =>
      stubTools && (initialStubs || isListingKept) ? stubTools.mergeStubs(initialStubs ?? [], store.annotations, store.removed) : null,
    [stubTools, initialStubs, isListingKept, store.annotations, store.removed],
  );
  const [known, setKnown] = useState<AnnotationStub[] | null>(merged);
  if (merged !== known && !(merged && known && stubTools?.isSameStubs(known, merged))) setKnown(merged);
  const stubsById = useMemo(() => new Map((known ?? []).map((stub) => [stub.id, stub])), [known]);
  const matchingIds = useServerSearch(doc.slug, isWindowed ? filter.query : "", store.setError);
  const shownStubs = useMemo(
    () => (known && stubTools ? known.filter((stub) => stubTools.matchesStubFilter(stub, filter, viewer.id, matchingIds)) : null),
    [known, stubTools, filter, viewer.id, matchingIds],
  );
  // A large reading's cards loading (placed changes) must not repaint the article: its `shown` stays the one empty list.
  const shown = useMemo(() => (isWindowed ? NONE : filterAnnotations(placed, filter, viewer.id)), [isWindowed, placed, filter, viewer.id]);
  // Until a large reading's stubs arrive, the article shows the server's paint and nothing is clickable yet (pendingClick).
  const isListLoading = isWindowed && known === null;
  const highlights = useMemo(
    () => (shownStubs ? paintStubs(shownStubs, viewer.id, draft) : isWindowed ? NOTHING_PAINTED : paintHighlights(shown, viewer.id, draft)),
    [shownStubs, isWindowed, shown, viewer.id, draft],
  );
  const counts = useMemo(
    () => (known ? countListed(known, viewer.id) : windowed ? windowed.counts : countListed(placed, viewer.id)),
    [known, windowed, placed, viewer.id],
  );
  const shownCount = isListLoading ? windowed!.shownCount : countAnnotations(shownStubs ?? shown);
  const { picker, closePicker, pick } = useHighlightPicker({ highlights, container });
  // A large reading's picker names the annotations not loaded yet by their quote, which is the same
  // for a class that annotated one passage: their words are fetched as it opens, as a window is.
  const { loadWindow } = store;
  useEffect(() => {
    if (picker && isWindowed) void loadWindow(picker.ids);
  }, [picker, isWindowed, loadWindow]);
  // A repaint re-sets the paragraphs whose runs changed, dropping a selection in them: put it back
  // (only on a repaint; the selection's own changes are the reader's).
  const onRepainted = useEffectEvent(keepAcrossRepaint);
  useLayoutEffect(() => onRepainted(), [highlights]);

  const { openForPassage, openForMove, closeMoveForm } = editor;
  const openEditorFor = useCallback(
    (start: number, end: number) => {
      openForPassage(start, end);
      setIsSheetOpen(true);
    },
    [openForPassage],
  );
  // Moving, a paragraph's button opens the words to move to, in the sheet: closed, it would hold them out of sight and out of reach.
  const openMoveFormFor = useCallback(
    (start: number, end: number) => {
      openForMove(start, end);
      setIsSheetOpen(true);
    },
    [openForMove],
  );

  // What started a move (a card's "Move highlight", "Give it a new place"): cancelling gives focus back to it.
  const moveStartedFrom = useRef<HTMLElement | null>(null);
  function startMove(id: string) {
    const active = document.activeElement;
    // (A tap in Safari focuses no button: then the note's card is found again by its id.)
    moveStartedFrom.current = active instanceof HTMLElement && active !== document.body ? active : null;
    setMovingId(id);
    // On a phone the sheet closes so the text can be selected; the move bar says what to do meanwhile.
    setIsSheetOpen(false);
    announce("Select the words this annotation belongs to, or press a paragraph's button, then choose Move here.");
  }
  // The Cancel move buttons go with the move: focus goes back to the button that started it, in the sheet (opened
  // again on a phone), or to the note's card when that button is gone (the heading holds focus till it is found).
  function cancelMove() {
    const id = movingId;
    flushSync(() => {
      setMovingId(null);
      closeMoveForm();
      setIsSheetOpen(true);
    });
    const startedFrom = moveStartedFrom.current;
    if (startedFrom?.isConnected) return startedFrom.focus();
    sidebarHeading.current?.focus();
    if (id !== null) setReveal({ id });
  }
  // The moved note's card opens and takes focus, on the text now, its highlight shown above a phone's sheet: the
  // reader is back where the move started and sees where it went. (The heading holds focus meanwhile, or if a
  // filter hides the card.)
  function finishMove(id: string, place: { start: number; end: number }) {
    flushSync(() => {
      setMovingId(null);
      setTab("placed");
      setOpenId(id);
      setIsSheetOpen(true);
    });
    sidebarHeading.current?.focus();
    setReveal({ id });
    if (!store.threads[id] && !id.startsWith("pending-")) void store.loadThread(id);
    scrollToHighlight(body, place, { whereHidden: true });
  }

  const actions = useSelectionActions({
    store,
    text,
    viewer,
    groups,
    color,
    visibility,
    selection,
    readSelection,
    clearSelection,
    movingId,
    byId,
    openEditorFor,
    announce,
    onMoved: finishMove,
  });

  const openThread = useCallback(
    (id: string, options: { scrollToHighlight: boolean }) => {
      setOpenId(id);
      setIsSheetOpen(true);
      closePicker();
      if (!store.threads[id] && !id.startsWith("pending-")) void store.loadThread(id);
      const highlight = highlights.find((painted) => painted.id === id);
      // Tapped in the text: the sidebar mounts only a window of cards, so the list scrolls this one
      // into it, then focuses it; on a phone the sheet opening over the text must not hide the highlight.
      if (!options.scrollToHighlight) {
        scrollToHighlight(body, highlight, { whereHidden: true });
        return setReveal({ id });
      }
      scrollToHighlight(body, highlight);
      setFlashId(id);
      setTimeout(() => setFlashId((current) => (current === id ? null : current)), 1600);
    },
    [body, store, highlights, closePicker],
  );

  // A link to one annotation (?annotation=<id>) opens it once the highlights are on screen.
  const pendingLink = useRef(linkedAnnotationId);
  const hasWidenedForLink = useRef(false);
  useEffect(() => {
    const id = pendingLink.current;
    // (A large reading's: once its stubs have arrived, which tell whether the reader may see it.)
    if (!id || !body || isListLoading) return;
    pendingLink.current = undefined;
    // One that needs a new place (from My notes) is where it waits, in its tab.
    if (orphans.some((orphan) => orphan.id === id)) {
      setTab("orphans");
      return setReveal({ id });
    }
    if (!byId.has(id) && !stubsById.has(id)) return;
    // Left out by the filters in use (another reader's note shared with everyone, under "Me & my
    // groups"): they give way to it once, and the link is followed with everything shown.
    if (!hasWidenedForLink.current && !(shownStubs ?? shown).some((annotation) => annotation.id === id)) {
      hasWidenedForLink.current = true;
      pendingLink.current = id;
      return setFilter({ ...NO_FILTER, scope: "everyone" });
    }
    openThread(id, { scrollToHighlight: true });
    // Focus goes to the note too: a keyboard reader arriving from "Open in the text" is at it, not
    // at the top of the page, a tab past every paragraph's button away.
    setReveal({ id });
  }, [body, isListLoading, byId, stubsById, openThread, orphans, shown, shownStubs]);

  const { dropSelection } = actions;
  function onEscape() {
    if (movingId !== null) cancelMove();
    closePicker();
    if (selection) dropSelection();
  }
  useReaderShortcuts({
    shortcuts: preferences.shortcuts,
    hasSelection: selection !== null,
    isMoving: movingId !== null,
    onEscape,
    onHighlight: actions.highlight,
    onAnnotate: actions.annotate,
  });

  // A highlight clicked before a large reading's stubs arrive is answered when they do.
  const pendingClick = useRef<PointerAt | null>(null);
  function onBodyClick(event: React.MouseEvent) {
    if (isListLoading) {
      if ((event.target as Element).closest("mark[data-at]"))
        pendingClick.current = { target: event.target, clientX: event.clientX, clientY: event.clientY };
      return;
    }
    const id = pick(event);
    if (id) openThread(id, { scrollToHighlight: false });
  }
  useEffect(() => {
    const click = pendingClick.current;
    if (!click || isListLoading) return;
    pendingClick.current = null;
    const id = pick(click);
    if (id) openThread(id, { scrollToHighlight: false });
  }, [isListLoading, pick, openThread]);

  return (
    <div className="workspace" ref={setContainer}>
      <ArticleView
        document={doc}
        beforeBody={
          <button type="button" className="skip-inline" onClick={skipToAnnotations}>
            Skip to annotations
          </button>
        }
        tools={
          <>
            <NewVersionNotice slug={doc.slug} newVersion={live.newVersion} notesOnNewWords={onNewWords.size} />
            <ReaderComfortMenu save={rememberReaderComfort} />
            {/* A large reading's page holds only the cards it loaded: keeping it fetches them all (isPartial). */}
            <KeepOfflineButton
              userId={viewer.id}
              document={{ slug: doc.slug, title: doc.title, versionId: doc.version.id, text }}
              annotations={store.annotations}
              isPartial={isWindowed}
              onOpenedOffline={showKeptCopy}
            />
          </>
        }
        body={
          <div onClick={onBodyClick} className={flashId ? "is-flashing" : undefined} data-flash-id={flashId ?? undefined}>
            <ArticleBody
              text={text}
              versionId={doc.version.id}
              structure={doc.version.structure}
              highlights={highlights}
              flashId={flashId}
              // Moving, with the sheet closed on a phone, its card is not on the page to point at.
              detailsFor={movingId !== null && !isSheetOpen ? null : openId}
              bodyRef={setBody}
              // Moving a highlight, a paragraph's button offers its words as the new place (the keyboard's way to finish a move).
              onAnnotateParagraph={movingId !== null ? openMoveFormFor : openEditorFor}
              isMoving={movingId !== null}
              prepainted={isListLoading ? windowed!.prepainted : null}
              autoDirection={autoDirection}
            />
          </div>
        }
      />
      {/* Its code comes with the page's occasional parts: a selection needs the page's script, which loads them at once. */}
      {parts && selection && !editor.isOpen && (
        <parts.SelectionToolbar
          anchor={selection.anchor}
          isTouch={selection.isTouch}
          color={color}
          colorLabels={preferences.colorLabels}
          shortcuts={preferences.shortcuts}
          isMoving={movingId !== null}
          onHighlight={() => actions.highlight()}
          onHighlightIn={(picked) => {
            setColor(picked);
            actions.highlight(picked);
          }}
          onAnnotate={actions.annotate}
          onMoveHere={actions.moveHere}
          onColorChange={setColor}
        />
      )}
      {parts && (
        <parts.HighlightPicker
          picker={picker}
          byId={byId}
          stubsById={stubsById}
          text={text}
          viewerId={viewer.id}
          onChoose={(id) => openThread(id, { scrollToHighlight: false })}
        />
      )}
      <AnnotationSidebar
        groups={groups}
        counts={counts}
        shownCount={shownCount}
        orphanCount={orphans.length}
        place={orphans.length > 0 && tab === "orphans" ? "new" : "text"}
        isListLoading={isListLoading}
        filter={filter}
        onFilterChange={(next) => {
          // Whose annotations is remembered for the reader's next page; the other filters are for now.
          if (next.scope !== filter.scope) void rememberReaderView(next.scope).catch(() => {});
          setFilter(next);
        }}
        colorLabels={preferences.colorLabels}
        viewerId={viewer.id}
        isSheetOpen={isSheetOpen}
        onSheetToggle={() => setIsSheetOpen((open) => !open)}
        exportHref={`/api/documents/${encodeURIComponent(doc.slug)}/export`}
        editor={editor.editorNode}
        banner={
          <>
            {assignments && (
              <ReadingAssignmentsPanel assignments={assignments.items} renderedAt={assignments.renderedAt} refreshKey={live.ownChanges} />
            )}
            <div role="status" className="sync-conflicts">
              {parts && (
                <parts.SyncConflictList conflicts={store.conflicts} onDismiss={store.dismissConflict} onKeepTheirs={store.keepTheirs} />
              )}
            </div>
            <SidebarBanner
              isMoving={movingId !== null}
              error={store.error}
              onCancelMove={cancelMove}
              gates={holding}
              liftedGroupNames={lifted}
            />
          </>
        }
        headingRef={sidebarHeading}
        queuedCount={live.queuedCount}
        live={
          <LiveBar
            groups={groupsReadingAlong}
            presence={live.presence}
            isReconnecting={live.status === "reconnecting"}
            isLost={live.status === "lost"}
            queuedCount={live.queuedCount}
            onShowQueued={showQueued}
          />
        }
      >
        {orphans.length > 0 && (
          <div role="tablist" aria-label="Which annotations" className="sidebar-tabs">
            <button
              type="button"
              role="tab"
              id="tab-placed"
              aria-controls="panel-placed"
              aria-selected={tab === "placed"}
              onClick={() => setTab("placed")}
            >
              On the text ({shownCount})
            </button>
            <button
              type="button"
              role="tab"
              id="tab-orphans"
              aria-controls="panel-orphans"
              aria-selected={tab === "orphans"}
              onClick={() => setTab("orphans")}
            >
              Needs a new place ({orphans.length})
            </button>
          </div>
        )}
        {orphans.length > 0 && (
          <div role="tabpanel" id="panel-orphans" aria-labelledby="tab-orphans" hidden={tab !== "orphans"}>
            <LazyPartBoundary what="list of notes needing a new place">
              <Suspense>
                <OrphanList
                  orphans={orphans}
                  viewerId={viewer.id}
                  movingId={movingId}
                  onDelete={(orphan) => {
                    void store.remove(orphan).then((isDeleted) => {
                      if (!isDeleted) return;
                      setDeleted({ id: orphan.id, isReply: false, cardId: orphan.id });
                      announce("Annotation deleted. Undo is offered for a few seconds.");
                    });
                  }}
                  onReattach={startMove}
                />
              </Suspense>
            </LazyPartBoundary>
          </div>
        )}
        {/* Kept in the page behind the other tab: the highlights point at their cards. */}
        <div
          role={orphans.length > 0 ? "tabpanel" : undefined}
          id="panel-placed"
          aria-labelledby={orphans.length > 0 ? "tab-placed" : undefined}
          hidden={orphans.length > 0 && tab === "orphans"}
        >
          {isListLoading || !isInteractive ? (
            LOADING_ANNOTATIONS
          ) : (
            <LazyPartBoundary what="list of annotations">
              <Suspense fallback={LOADING_ANNOTATIONS}>
                <AnnotationList
                  store={store}
                  shown={shownStubs ?? shown}
                  text={text}
                  byId={byId}
                  onWindow={isWindowed ? store.loadWindow : undefined}
                  viewer={viewer}
                  groups={groups}
                  mentionable={mentionable}
                  colorLabels={preferences.colorLabels}
                  openId={openId}
                  reveal={reveal}
                  onToggle={(id) => (openId === id ? setOpenId(null) : openThread(id, { scrollToHighlight: true }))}
                  onEdit={editor.openForEdit}
                  onMove={startMove}
                  announce={announce}
                  dueTimes={assignments?.dueTimes}
                  onDeleted={(item) => {
                    setDeleted(item);
                    announce(`${item.isReply ? "Reply" : "Annotation"} deleted. Undo is offered for a few seconds.`);
                  }}
                />
              </Suspense>
            </LazyPartBoundary>
          )}
        </div>
      </AnnotationSidebar>
      {/* On a phone the sheet closes for the reader to select the new passage, its banner with it: this says what to do meanwhile, and how to stop. */}
      {movingId !== null && !isSheetOpen && (
        <div className="move-bar" role="group" aria-label="Moving a highlight">
          <p>Select the new passage, then choose “Move here”.</p>
          <button type="button" className="button button--small" onClick={cancelMove}>
            Cancel move
          </button>
        </div>
      )}
      {parts && (
        <parts.UndoToast
          deleted={deleted}
          onExpire={expireUndo}
          onUndo={async (item) => {
            setDeleted(null);
            if (!(await store.undoDelete(item.id))) return;
            announce(`${item.isReply ? "Reply" : "Annotation"} restored.`);
            // Undo went with its toast: focus goes to what came back.
            setReveal({ id: item.cardId });
          }}
        />
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

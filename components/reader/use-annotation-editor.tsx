"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { EditorValues, Mentionable } from "@/components/annotations/annotation-editor";
import type { useAnnotationStore } from "@/components/annotations/use-annotation-store";
import type { HighlightColor } from "@/lib/annotations/colors";
import type { ReaderPreferences } from "@/lib/annotations/preferences";
import { parseScopeKey, PRIVATE_SCOPE, scopeKey, scopeToInput, type ReaderGroup } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import { lateHandInNotice, type AssignmentDueTime } from "@/lib/assignments/late-hand-in";
import { PARAGRAPH_SEPARATOR } from "@/lib/documents/canonical-text";
import { paragraphAround } from "@/lib/text/quote-words";
import { ANNOTATE_BUTTON_CLASS } from "./block-html";
import { describeTarget, groupNameOf } from "./selection-target";

// The editor's code (its fields, the @mention list and its warnings) loads just after the page's
// first JavaScript, not in it (the reading page's budget, perf/js-budget.json): useAnnotationEditor
// asks for it once the page runs, long before a first selection can open it, and a service
// worker's cache keeps it for offline use like the rest of /_next/static.
// Held as the loaded component, not through next/dynamic: a lazy component suspends once even when
// its code is there, so the editor mounted a moment after Enter and the first keys typed into it went nowhere.
const loadEditor = () => import("@/components/annotations/annotation-editor");
type EditorModule = Awaited<ReturnType<typeof loadEditor>>;

/**
 * `opening` names one opening of the editor: the passage's words can change while it is open
 * (narrowed word by word), and the editor (with what is typed in it) must stay the same one.
 */
type EditorState =
  | { mode: "create"; start: number; end: number; bounds: { start: number; end: number }; opening: number }
  /** `editedFrom`: the version (updatedAt) the reader began to edit, which the new words replace. */
  | { mode: "edit"; id: string; editedFrom?: string }
  /** A highlight being moved, from the keyboard: its new passage, narrowed word by word. */
  | { mode: "move"; start: number; end: number; bounds: { start: number; end: number }; opening: number }
  | null;

/** What had focus when the editor opened, and the passage it was opened for. */
type FocusReturn = { element: HTMLElement | null; passageStart: number | null };

type Options = {
  store: ReturnType<typeof useAnnotationStore>;
  slug: string;
  text: string;
  viewer: { id: string; name: string };
  groups: ReaderGroup[];
  mentionable: Mentionable;
  colorLabels: ReaderPreferences["colorLabels"];
  byId: ReadonlyMap<string, AnnotationDto>;
  /** The colour and scope key the toolbar and the editor start with; a save makes them the last used. Null: the editor asks. */
  color: HighlightColor;
  visibility: string | null;
  onChoices: (color: HighlightColor, visibility: string) => void;
  /** A new annotation was saved (optimistically): its card is `id`, its highlight at `place`. */
  onCreated: (id: string, place: { start: number; end: number }) => void;
  announce: (text: string) => void;
  /** The reader's open assignments on this reading: new words saved after one's due time hand the note in late. */
  dueTimes?: readonly AssignmentDueTime[];
  /** Moves the highlight being moved to this passage (the selection toolbar's "Move here", from a paragraph's button). */
  onMoveTo: (start: number, end: number) => void;
  /** "Not here": the words offered to move to were closed, and the move goes on in the text. */
  onNotHere: () => void;
};

/**
 * The editor in the sidebar, for a new annotation on a passage or an edit of an existing one.
 * Focus goes back where it was when the editor closes.
 */
export function useAnnotationEditor({
  store,
  slug,
  text,
  viewer,
  groups,
  mentionable,
  colorLabels,
  byId,
  color,
  visibility,
  onChoices,
  onCreated,
  announce,
  dueTimes = [],
  onMoveTo,
  onNotHere,
}: Options) {
  const [editor, setEditor] = useState<EditorState>(null);
  // The colour chosen in the editor, so the passage's draft highlight shows it before saving.
  const [draftColor, setDraftColor] = useState<HighlightColor | null>(null);
  const returnFocus = useRef<FocusReturn>({ element: null, passageStart: null });
  const isReturningFocus = useRef(false);
  const [editorModule, setEditorModule] = useState<EditorModule | null>(null);
  useEffect(() => {
    void loadEditor().then(setEditorModule);
  }, []);

  const openings = useRef(0);
  const openFor = useCallback(
    (mode: "create" | "move", start: number, end: number) => {
      returnFocus.current = { element: document.activeElement as HTMLElement | null, passageStart: start };
      setDraftColor(null);
      setEditor({ mode, start, end, bounds: paragraphAround(text, start, end, PARAGRAPH_SEPARATOR), opening: openings.current++ });
    },
    [text],
  );
  const openForPassage = useCallback((start: number, end: number) => openFor("create", start, end), [openFor]);
  const openForMove = useCallback((start: number, end: number) => openFor("move", start, end), [openFor]);
  /** The move was cancelled: its words to move to go with it (focus is the canceller's to place). */
  const closeMoveForm = useCallback(() => setEditor((current) => (current?.mode === "move" ? null : current)), []);
  const narrowPassage = useCallback((start: number, end: number) => {
    setEditor((current) => (current?.mode === "create" || current?.mode === "move" ? { ...current, start, end } : current));
  }, []);
  const openForEdit = useCallback(
    (id: string) => {
      returnFocus.current = { element: document.activeElement as HTMLElement | null, passageStart: null };
      setEditor({ mode: "edit", id, editedFrom: byId.get(id)?.updatedAt });
    },
    [byId],
  );

  const editing = editor?.mode === "edit" ? byId.get(editor.id) : undefined;

  function close() {
    isReturningFocus.current = true;
    setEditor(null);
  }

  // Once the editor is gone and the text repainted without the draft: the draft's highlight
  // redrew its paragraph, so the paragraph's "Annotate" button that opened the editor (or the
  // selection toolbar's) is no longer in the page; its paragraph's new button takes focus then.
  useEffect(() => {
    if (editor !== null || !isReturningFocus.current) return;
    isReturningFocus.current = false;
    const { element, passageStart } = returnFocus.current;
    if (element?.isConnected) return element.focus();
    if (passageStart !== null) paragraphButtonAt(passageStart)?.focus();
  }, [editor]);

  function save(values: EditorValues) {
    const scope = parseScopeKey(values.visibility) ?? PRIVATE_SCOPE;
    onChoices(values.color, values.visibility);
    if (editor?.mode === "create") {
      const { selector, quote, position } = describeTarget(text, editor.start, editor.end);
      const id = store.create(
        { target: { selector }, ...values, visibility: scopeToInput(scope) },
        viewer,
        position,
        quote,
        groupNameOf(groups, values.visibility),
      );
      // Added here at once; whether the server has it yet is the card's to say (Saving…, Not saved, Kept on this device).
      announce("Annotation added.");
      onCreated(id, position);
    } else if (editor?.mode === "edit") {
      const { visibility: key, mentions, ...rest } = values;
      // The scope is sent only when it changed: a move needs membership of the new group.
      const isMoved = editing !== undefined && key !== scopeKey(editing);
      // Members chosen from the @ list go with the words: the server tells those the edit newly mentions.
      const sent = mentions.length > 0 ? { ...rest, mentions } : rest;
      store.update(
        editor.id,
        isMoved ? { ...sent, visibility: scopeToInput(scope) } : sent,
        isMoved ? { ...rest, ...scope, groupName: groupNameOf(groups, key) } : rest,
        editor.editedFrom,
      );
      announce("Changes made.");
    }
    close();
  }

  const AnnotationEditor = editorModule?.AnnotationEditor;
  const MovePlaceForm = editorModule?.MovePlaceForm;
  const moveNode = editor?.mode === "move" && MovePlaceForm && (
    <MovePlaceForm
      key={`move-${editor.opening}`}
      passage={{ text, start: editor.start, end: editor.end, bounds: editor.bounds, onChange: narrowPassage }}
      onMove={() => {
        onMoveTo(editor.start, editor.end);
        // Not back to the paragraph's button: focus goes to the moved note's card (onMoveTo).
        setEditor(null);
      }}
      onCancel={() => {
        close();
        onNotHere();
      }}
    />
  );
  const editorNode =
    editor?.mode === "move"
      ? moveNode
      : editor &&
        AnnotationEditor && (
          <AnnotationEditor
            key={editor.mode === "edit" ? editor.id : `new-${editor.opening}`}
            heading={editor.mode === "edit" ? "Edit annotation" : "New annotation"}
            quote={editor.mode === "edit" ? (editing?.target?.selector[0].exact ?? null) : text.slice(editor.start, editor.end)}
            initial={
              editing
                ? { body: editing.body, tags: editing.tags, color: editing.color ?? color, visibility: scopeKey(editing), mentions: [] }
                : { body: "", tags: [], color, visibility: visibility ?? "", mentions: [] }
            }
            colorLabels={colorLabels}
            groups={groups}
            mentionable={mentionable}
            draftKey={`marginalia:draft:${viewer.id}:${slug}:${editor.mode === "edit" ? editor.id : "new"}`}
            passage={
              editor.mode === "create"
                ? { text, start: editor.start, end: editor.end, bounds: editor.bounds, onChange: narrowPassage }
                : undefined
            }
            onColorChange={setDraftColor}
            lateNotice={editor.mode === "edit" ? lateHandInNotice(editing, dueTimes) : null}
            onSave={save}
            onCancel={close}
          />
        );

  /** The passage being annotated, painted as a draft highlight until it is saved. */
  const draft =
    editor?.mode === "create" || editor?.mode === "move" ? { start: editor.start, end: editor.end, color: draftColor ?? color } : null;
  return { isOpen: editor !== null, draft, editorNode, openForPassage, openForMove, closeMoveForm, openForEdit };
}

/** The "Annotate this paragraph" button of the paragraph holding `offset` in the text. */
function paragraphButtonAt(offset: number): HTMLElement | null {
  let holding: HTMLElement | null = null;
  for (const block of document.querySelectorAll<HTMLElement>(".reader__block[data-start]")) {
    if (Number(block.dataset.start) > offset) break;
    holding = block;
  }
  return holding?.querySelector<HTMLElement>(`.${ANNOTATE_BUTTON_CLASS}`) ?? null;
}

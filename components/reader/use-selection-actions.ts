"use client";
import { useCallback } from "react";
import type { useAnnotationStore } from "@/components/annotations/use-annotation-store";
import type { HighlightColor } from "@/lib/annotations/colors";
import { parseScopeKey, PRIVATE_SCOPE, scopeToInput, type ReaderGroup } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import { describeTarget, groupNameOf } from "./selection-target";
import type { TextSelection } from "./use-text-selection";

type Options = {
  store: ReturnType<typeof useAnnotationStore>;
  text: string;
  viewer: { id: string; name: string };
  groups: readonly ReaderGroup[];
  /** The toolbar's colour and the last scope key used, for a plain highlight (null: not chosen yet). */
  color: HighlightColor;
  visibility: string | null;
  selection: TextSelection | null;
  /** Reads the selection now (a shortcut can come before selectionchange has been handled). */
  readSelection: () => TextSelection | null;
  clearSelection: () => void;
  /** The annotation whose highlight is being moved, if any. */
  movingId: string | null;
  byId: ReadonlyMap<string, AnnotationDto>;
  /** The highlight `id` was moved to this passage. */
  onMoved: (id: string, place: { start: number; end: number }) => void;
  openEditorFor: (start: number, end: number) => void;
  announce: (text: string) => void;
};

/** What the selection toolbar (and its shortcuts) do with the selected passage: highlight, annotate, move a highlight here. */
export function useSelectionActions(options: Options) {
  const {
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
    onMoved,
    openEditorFor,
    announce,
  } = options;

  const dropSelection = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    clearSelection();
  }, [clearSelection]);

  /** Highlights the selection in the toolbar's colour, or in `inColor` (a tap on a swatch). */
  const highlight = useCallback(
    (inColor?: HighlightColor) => {
      const current = readSelection() ?? selection;
      if (!current) return;
      // In several groups and not chosen yet: a plain highlight would have to guess the class, so
      // the editor opens and asks, once.
      if (visibility === null) {
        openEditorFor(current.start, current.end);
        dropSelection();
        return;
      }
      const { selector, quote, position } = describeTarget(text, current.start, current.end);
      const scope = scopeToInput(parseScopeKey(visibility) ?? PRIVATE_SCOPE);
      store.create(
        { target: { selector }, body: "", tags: [], color: inColor ?? color, visibility: scope },
        viewer,
        position,
        quote,
        groupNameOf(groups, visibility),
      );
      announce("Highlighted.");
      dropSelection();
    },
    [readSelection, selection, text, store, color, visibility, viewer, groups, announce, dropSelection, openEditorFor],
  );

  const annotate = useCallback(() => {
    const current = readSelection() ?? selection;
    if (!current) return;
    openEditorFor(current.start, current.end);
    dropSelection();
  }, [readSelection, selection, openEditorFor, dropSelection]);

  /** Moves the highlight being moved to this passage: the toolbar's Move here, or a paragraph's button from the keyboard. */
  const moveTo = useCallback(
    (start: number, end: number) => {
      if (!movingId) return;
      const { selector, quote, position } = describeTarget(text, start, end);
      store.update(
        movingId,
        { target: { selector } },
        {
          target: { source: byId.get(movingId)?.target?.source ?? "", selector: [quote, position] },
          // Placed by hand on the version on screen (an orphan leaves "Needs a new place" at once).
          anchoring: { status: "anchored", versionId: byId.get(movingId)?.anchoring?.versionId ?? "", score: 1 },
        },
      );
      announce("Highlight moved.");
      onMoved(movingId, { start, end });
    },
    [movingId, text, store, byId, announce, onMoved],
  );

  const moveHere = useCallback(() => {
    const current = readSelection() ?? selection;
    if (!current) return;
    moveTo(current.start, current.end);
    dropSelection();
  }, [readSelection, selection, moveTo, dropSelection]);

  return { highlight, annotate, moveHere, moveTo, dropSelection };
}

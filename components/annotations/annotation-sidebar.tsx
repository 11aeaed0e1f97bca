"use client";
import Link from "next/link";
import { Suspense, useId } from "react";
import { describeColor, HIGHLIGHT_COLORS, type HighlightColor } from "@/lib/annotations/colors";
import type { ReaderGroup } from "@/lib/annotations/scopes";
import type { ListedCounts } from "@/lib/annotations/listed-counts";
import type { ReaderView } from "@/lib/annotations/preferences";
import type { AnnotationFilter, PagePlace } from "@/lib/annotations/annotation-filter";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { LazyPartBoundary, lazyPart } from "@/components/common/lazy-part";

// The export's code loads after the page's first JavaScript (the reading page's budget,
// perf/js-budget.json). The server still renders it in the page, its controls disabled until the
// page runs, as before; its Suspense boundary hydrates once the code has come.
const ExportNotes = lazyPart(() => import("./export-notes").then((module) => module.ExportNotes));

/** Whose annotations: mine and my groups' first (the default), everyone's one choice away. */
// Two questions, asked apart so they read as two: who wrote an annotation ("Written by") and whom
// it is shared with ("Shared with"). Both once said "mine", and readers could not tell how
// "Mine" and "My private notes" combined.
const WHOSE_CHOICES: { value: ReaderView; label: string }[] = [
  { value: "groups", label: "Me & my groups" },
  { value: "mine", label: "Me" },
  { value: "everyone", label: "Anyone" },
];

type Props = {
  /** What the filters offer and count, over everything the reader may see here. */
  counts: ListedCounts;
  /** How many the filters let through. */
  shownCount: number;
  /** Mine or visible to me, with no place on this version (listed under "Needs a new place", never painted). */
  orphanCount?: number;
  /** The list in view: on the text, or the "Needs a new place" tab; what "What is shown" exports. */
  place?: PagePlace;
  /**
   * A large reading's list is still on its way (fetched after the page): the counts are the
   * server's, and the filters wait for the list they filter.
   */
  isListLoading?: boolean;
  filter: AnnotationFilter;
  onFilterChange: (filter: AnnotationFilter) => void;
  colorLabels: Partial<Record<HighlightColor, string>>;
  viewerId: string;
  groups: readonly ReaderGroup[];
  isSheetOpen: boolean;
  onSheetToggle: () => void;
  /** GET /api/documents/{slug}/export: the export offers what is shown or everything. */
  exportHref: string;
  /** The editor, when open, sits at the top of the sidebar. */
  editor: React.ReactNode;
  banner: React.ReactNode;
  /** Presence, the stream's status and the "N new — show" button, under the heading. */
  live?: React.ReactNode;
  /** Others' changes waiting to be shown; named on the phone's sheet toggle too. */
  queuedCount?: number;
  /** Focus lands here when what it pointed at goes away (e.g. after "N new — show"). */
  headingRef?: React.Ref<HTMLHeadingElement>;
  children: React.ReactNode;
};

/** The margin: filters, counts and the annotation cards. A bottom sheet on phones. */
export function AnnotationSidebar(props: Props) {
  const { counts, shownCount, filter, onFilterChange, colorLabels, viewerId, headingRef } = props;
  const id = useId();
  const set = (patch: Partial<AnnotationFilter>) => onFilterChange({ ...filter, ...patch });
  // The filters wait for the page's script: one picked while it hydrates would be put back.
  const isInteractive = useIsInteractive() && !props.isListLoading;

  return (
    <aside
      className={`sidebar${props.isSheetOpen ? " sidebar--open" : ""}${props.editor ? " sidebar--editing" : ""}`}
      aria-labelledby={`${id}-heading`}
    >
      <button type="button" className="sidebar__sheet-toggle" aria-expanded={props.isSheetOpen} onClick={props.onSheetToggle}>
        Annotations ({shownCount}){props.queuedCount ? ` · ${props.queuedCount} new` : ""}
      </button>
      <div className="sidebar__content">
        <h2 id={`${id}-heading`} className="sidebar__heading" ref={headingRef} tabIndex={-1}>
          Annotations
        </h2>
        {props.live}
        {props.banner}
        {props.editor}
        <fieldset className="sidebar__scope" disabled={!isInteractive}>
          <legend className="sidebar__scope-legend">Written by</legend>
          {WHOSE_CHOICES.map((choice) => (
            <label key={choice.value}>
              <input
                type="radio"
                name={`${id}-scope`}
                checked={filter.scope === choice.value}
                onChange={() => set({ scope: choice.value })}
              />
              {choice.label} ({counts.whose[choice.value]})
            </label>
          ))}
        </fieldset>
        <div className="sidebar__filters">
          <div className="field field--compact">
            <label htmlFor={`${id}-show`}>Shared with</label>
            <select id={`${id}-show`} disabled={!isInteractive} value={filter.show} onChange={(event) => set({ show: event.target.value })}>
              <option value="all">Anyone</option>
              {props.groups.map((group) => (
                <option key={group.id} value={`group:${group.id}`}>
                  {group.name}
                </option>
              ))}
              <option value="private">Only me (private notes)</option>
            </select>
          </div>
          <div className="field field--compact">
            <label htmlFor={`${id}-search`}>Search annotations</label>
            <input
              id={`${id}-search`}
              disabled={!isInteractive}
              type="search"
              value={filter.query}
              onChange={(event) => set({ query: event.target.value })}
            />
          </div>
          <div className="field field--compact">
            <label htmlFor={`${id}-color`}>Colour</label>
            <select
              id={`${id}-color`}
              disabled={!isInteractive}
              value={filter.color}
              onChange={(event) => set({ color: event.target.value as HighlightColor | "" })}
            >
              <option value="">Any colour</option>
              {HIGHLIGHT_COLORS.map((color) => (
                <option key={color} value={color}>
                  {describeColor(color, colorLabels)} ({counts.colors[color]})
                </option>
              ))}
            </select>
          </div>
          <div className="field field--compact">
            <label htmlFor={`${id}-tag`}>Tag</label>
            <select id={`${id}-tag`} disabled={!isInteractive} value={filter.tag} onChange={(event) => set({ tag: event.target.value })}>
              <option value="">Any tag</option>
              {counts.tags.map((tag) => (
                <option key={tag} value={tag}>
                  {tag}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--compact">
            <label htmlFor={`${id}-author`}>Author</label>
            <select
              id={`${id}-author`}
              disabled={!isInteractive}
              value={filter.authorId}
              onChange={(event) => set({ authorId: event.target.value })}
            >
              <option value="">Any author</option>
              {counts.authors.map(([authorId, name]) => (
                <option key={authorId} value={authorId}>
                  {authorId === viewerId ? `${name} (you)` : name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ColorKey colorLabels={colorLabels} />
        <p className="sidebar__count" role="status">
          Showing {shownCount} of {counts.total} {counts.total === 1 ? "annotation" : "annotations"}
          {/* Counted apart, not left out: the tab beside the list says where they are. */}
          {props.orphanCount ? `; ${props.orphanCount} more ${props.orphanCount === 1 ? "needs" : "need"} a new place` : ""}
        </p>
        {props.children}
        <LazyPartBoundary what="export">
          <Suspense>
            <ExportNotes
              href={props.exportHref}
              filter={filter}
              place={props.place ?? "text"}
              shownCount={props.place === "new" ? (props.orphanCount ?? 0) : shownCount}
              allCount={counts.total + (props.orphanCount ?? 0)}
              hasColorMeanings={Object.values(colorLabels).some((meaning) => meaning?.trim())}
            />
          </Suspense>
        </LazyPartBoundary>
      </div>
    </aside>
  );
}

/** What my colours mean, in full (not only in tooltips), and where to change that. */
function ColorKey({ colorLabels }: { colorLabels: Partial<Record<HighlightColor, string>> }) {
  const named = HIGHLIGHT_COLORS.filter((color) => colorLabels[color]?.trim());
  return (
    <div className="sidebar__colors">
      {named.length > 0 && (
        <ul className="color-legend" aria-label="What my colours mean">
          {named.map((color) => (
            <li key={color}>
              <span className={`color-legend__swatch swatch--${color}`} aria-hidden="true" />
              {describeColor(color, colorLabels)}
            </li>
          ))}
        </ul>
      )}
      <Link href="/settings#colour-meanings" className="field__hint">
        {named.length > 0 ? "Edit colour meanings" : "Give your colours meanings"}
      </Link>
    </div>
  );
}

import { Fragment, useMemo } from "react";
import { segmentParagraphs } from "@/lib/anchoring/segment-highlights";
import type { HighlightColor } from "@/lib/annotations/colors";
import { PARAGRAPH_SEPARATOR, paragraphRanges } from "@/lib/documents/canonical-text";

export type PaintedHighlight = {
  id: string;
  start: number;
  end: number;
  color: HighlightColor;
  isMine: boolean;
  /** The passage being annotated, before it is saved: painted, but with no card to point to. */
  isDraft?: boolean;
};

type Props = {
  text: string;
  versionId: string;
  highlights?: readonly PaintedHighlight[];
  /** A highlight to flash briefly, after its card was chosen in the sidebar. */
  flashId?: string | null;
  /** Present for signed-in readers: each paragraph offers "Annotate this paragraph". */
  onAnnotateParagraph?: (start: number, end: number) => void;
  bodyRef?: React.Ref<HTMLDivElement>;
  /**
   * Which highlights point at their card with aria-details: all of them where every card is in the
   * page, or only the open one's where the sidebar is virtualized (a pointer to a card that is not
   * mounted would point at nothing).
   */
  detailsFor?: "all" | string | null;
};

/**
 * The article body, with highlights painted in. Works on the server and in the browser, so
 * highlights are in the HTML before any JavaScript runs.
 *
 * `highlights` order matters: marks refer to covering highlights by their index in it.
 *
 * Invariant: the element's textContent is exactly the version's canonical text. Separators are
 * text nodes between paragraphs; highlights are flat <mark> runs (overlaps become runs carrying
 * several ids, never nested marks); the per-paragraph buttons hold no text (their names are
 * aria-labels). So W3C selectors resolve against this page exactly as against the stored text.
 */
export function ArticleBody({ text, versionId, highlights = [], flashId, onAnnotateParagraph, bodyRef, detailsFor = "all" }: Props) {
  const paragraphs = useMemo(() => paragraphRanges(text), [text]);
  const indexById = useMemo(() => new Map(highlights.map((highlight, index) => [highlight.id, index])), [highlights]);
  const segments = useMemo(() => segmentParagraphs(paragraphs, highlights), [paragraphs, highlights]);

  return (
    <div className="reader__body" data-document-version={versionId} ref={bodyRef}>
      {paragraphs.map((paragraph, index) => (
        <Fragment key={paragraph.index}>
          {index > 0 && PARAGRAPH_SEPARATOR}
          <p data-start={paragraph.start} data-end={paragraph.end}>
            {onAnnotateParagraph && (
              <button
                type="button"
                className="paragraph-annotate"
                aria-label="Annotate this paragraph"
                title="Annotate this paragraph"
                onClick={() => onAnnotateParagraph(paragraph.start, paragraph.end)}
              />
            )}
            {segments[index].map((segment) => {
              const content = text.slice(segment.start, segment.end);
              if (segment.ids.length === 0) return <Fragment key={segment.start}>{content}</Fragment>;
              const indexes = segment.ids.map((id) => indexById.get(id)!);
              // The latest-starting highlight shows on top; depth darkens stacked highlights.
              const top = highlights[indexes[indexes.length - 1]];
              const isAnyMine = indexes.some((index) => highlights[index].isMine);
              const isFlashing = flashId !== undefined && flashId !== null && segment.ids.includes(flashId);
              return (
                <mark
                  key={segment.start}
                  className={`hl hl--${top.color} ${isAnyMine ? "hl--mine" : "hl--others"}${isFlashing ? " hl--flash" : ""}`}
                  data-depth={Math.min(indexes.length, 3)}
                  // The top annotation, by id; every covering one as a compact index into
                  // `highlights` (ids would make a heavily annotated page several times larger).
                  data-annotation-id={top.id}
                  data-highlights={indexes.join(" ")}
                  aria-details={!top.isDraft && (detailsFor === "all" || detailsFor === top.id) ? `annotation-${top.id}` : undefined}
                >
                  {content}
                </mark>
              );
            })}
          </p>
        </Fragment>
      ))}
    </div>
  );
}

import type { ReactNode } from "react";
import { describeColor } from "@/lib/annotations/colors";
import type { AnnotationDto } from "@/lib/annotations/types";
import { MarkdownBody } from "./markdown-body";
import { RelativeTime } from "./relative-time";
import { TagList } from "./tag-list";

type Props = {
  annotation: AnnotationDto;
  viewerId: string | null;
  /** The words around the quote, for a note that has lost its place and must be found again. */
  showContext?: boolean;
  /** What the reader can do with it (e.g. "Give it a new place"). */
  children?: ReactNode;
};

/**
 * An annotation shown by its words rather than on the text: one waiting for a new place, or one on
 * an older version. It reads like a card in the sidebar (who — "You" for the reader's own — when,
 * the quote in its highlight's colour, the comment rendered, the tags), so the same note does not
 * look like someone else's raw text in these two places.
 */
export function QuotedNote({ annotation, viewerId, showContext = false, children }: Props) {
  const [quote] = annotation.target!.selector;
  const color = annotation.color ?? "yellow";
  return (
    // The highlight's aria-details points here on an older version.
    <li id={`annotation-${annotation.id}`} className="orphan" data-annotation-id={annotation.id}>
      <p className="orphan__meta">
        <span className="orphan__author">{annotation.author.id === viewerId ? "You" : annotation.author.name}</span>
        <span aria-hidden="true"> · </span>
        <RelativeTime iso={annotation.createdAt} />
      </p>
      <blockquote className="orphan__quote">
        {showContext && quote.prefix ? <span className="muted">…{quote.prefix}</span> : null}
        <mark className={`orphan__mark swatch--${color}`}>{quote.exact}</mark>
        {annotation.color ? <span className="visually-hidden"> ({describeColor(annotation.color, {})})</span> : null}
        {showContext && quote.suffix ? <span className="muted">{quote.suffix}…</span> : null}
      </blockquote>
      {annotation.bodyHtml ? <MarkdownBody html={annotation.bodyHtml} /> : null}
      <TagList tags={annotation.tags} />
      {children}
    </li>
  );
}

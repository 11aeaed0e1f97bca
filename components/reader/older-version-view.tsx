import Link from "next/link";
import { QuotedNote } from "@/components/annotations/quoted-note";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { ReadableDocument } from "@/lib/documents/types";
import { blocksTakeTheirOwnDirection } from "@/lib/text/text-direction";
import { ArticleBody } from "./article-body";
import { ArticleView } from "./article-view";
import { paintHighlights } from "./paint-highlights";

type Props = {
  document: ReadableDocument;
  latestNumber: number;
  /** The annotations as they stood on this version (null for a reader who is not signed in). */
  annotations: AnnotationDto[] | null;
  viewerId: string | null;
};

/**
 * An older version, read-only: its text with the annotations that were on it, where they were.
 * Annotating happens on the latest version only, so nothing here writes.
 */
export function OlderVersionView({ document, latestNumber, annotations, viewerId }: Props) {
  const placed = (annotations ?? []).filter((annotation) => annotation.anchoring?.status !== "orphaned");
  const highlights = paintHighlights(placed, viewerId ?? "", null);
  return (
    <div className="workspace workspace--anonymous">
      <ArticleView
        document={document}
        body={
          <ArticleBody
            text={document.version.text}
            versionId={document.version.id}
            structure={document.version.structure}
            highlights={highlights}
            autoDirection={blocksTakeTheirOwnDirection(document.language, document.version.text)}
          />
        }
      />
      <aside className="sidebar sidebar--anonymous" aria-labelledby="older-version-heading">
        <h2 id="older-version-heading" className="sidebar__heading">
          Version {document.version.number} of {latestNumber}
        </h2>
        <p>
          An older version, as it was, with the annotations on it then. <Link href={`/read/${document.slug}`}>Read the latest version</Link>{" "}
          to annotate.
        </p>
        {annotations === null ? null : placed.length === 0 ? (
          <p className="muted">No annotations you can see were on this version.</p>
        ) : (
          <ul className="orphan-list" aria-label="Annotations on this version">
            {placed.map((annotation) => (
              <QuotedNote key={annotation.id} annotation={annotation} viewerId={viewerId} />
            ))}
          </ul>
        )}
      </aside>
    </div>
  );
}

"use client";
import { useId, useState } from "react";
import { shownToQuery, type AnnotationFilter, type PagePlace } from "@/lib/annotations/annotation-filter";
import { useDownload } from "@/components/common/use-download";
import { useIsInteractive } from "@/components/common/use-is-interactive";

const FORMATS = [
  { id: "markdown", label: "Markdown (.md)" },
  { id: "csv", label: "CSV (spreadsheets)" },
  { id: "jsonld", label: "W3C Web Annotation JSON-LD" },
  { id: "hypothesis", label: "Hypothesis JSON" },
] as const;

type Props = {
  /** GET /api/documents/{slug}/export, without a query. */
  href: string;
  filter: AnnotationFilter;
  /** The list the reader is looking at: on the text (narrowed by `filter`), or "Needs a new place". */
  place: PagePlace;
  /** How many that list shows. */
  shownCount: number;
  /** Everything the reader can see here, those that need a new place included. */
  allCount: number;
  /** The reader has named a colour: Markdown and CSV use those names. */
  hasColorMeanings: boolean;
};

/**
 * The reading page's export: what the sidebar shows (the list in view and its filters, sent to the
 * server, which applies the same to what the reader may read) or everything the reader can see,
 * in any format. Every format marks an annotation that needs a new place as such.
 */
export function ExportNotes({ href, filter, place, shownCount, allCount, hasColorMeanings }: Props) {
  const id = useId();
  const [what, setWhat] = useState<"shown" | "everything">("shown");
  const [format, setFormat] = useState<(typeof FORMATS)[number]["id"]>("markdown");
  const { isDownloading, download: downloadFrom, feedback } = useDownload();
  // Until the page's script runs, Download would do nothing and a choice could be put back.
  const isInteractive = useIsInteractive();

  function download() {
    const query = new URLSearchParams({ format, ...(what === "shown" ? shownToQuery(place, filter) : {}) });
    void downloadFrom(`${href}?${query}`);
  }

  return (
    <section className="sidebar__export" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="sidebar__export-heading">
        Export
      </h3>
      <fieldset className="sidebar__export-what" disabled={!isInteractive}>
        <legend className="visually-hidden">What to export</legend>
        <label>
          <input type="radio" name={`${id}-what`} checked={what === "shown"} onChange={() => setWhat("shown")} />
          What is shown ({shownCount})
        </label>
        <label>
          <input type="radio" name={`${id}-what`} checked={what === "everything"} onChange={() => setWhat("everything")} />
          Everything I can see ({allCount})
        </label>
      </fieldset>
      <div className="sidebar__export-row">
        <div className="field field--compact">
          <label htmlFor={`${id}-format`}>Export format</label>
          <select
            id={`${id}-format`}
            value={format}
            disabled={!isInteractive}
            onChange={(event) => setFormat(event.target.value as typeof format)}
          >
            {FORMATS.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button" onClick={download} disabled={!isInteractive} aria-disabled={isDownloading || undefined}>
          {isDownloading ? "Exporting…" : "Download"}
        </button>
      </div>
      {hasColorMeanings && <p className="sidebar__export-hint">Your highlights are named by your colour meanings.</p>}
      {feedback}
    </section>
  );
}

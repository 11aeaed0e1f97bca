"use client";
import { useId, useMemo, useState } from "react";
import { useDownload } from "@/components/common/use-download";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { readingLabels, type LabelledReading } from "@/lib/documents/reading-labels";

// Short labels (a long one is cut off in the select); what the file is like goes in the hint below it.
const FORMATS = [
  { id: "markdown", label: "Markdown (.md)", hint: "Obsidian-friendly. One document is a .md file; several, a .zip of them." },
  { id: "csv", label: "CSV (spreadsheets)", hint: "One row per note, with how many replies it has; opens in Excel, Numbers and Sheets." },
  { id: "jsonld", label: "W3C Web Annotation (JSON-LD)", hint: "The open standard: other annotation tools import it." },
  { id: "hypothesis", label: "Hypothesis (JSON)", hint: "As Hypothesis exports: for tools that read Hypothesis files." },
] as const;

type Props = { documents: LabelledReading[] };

/** Download my notes, all or one document's, with a progress bar for large exports. */
export function ExportPanel({ documents }: Props) {
  const id = useId();
  // Readings of the same title told apart (an original and a re-uploaded copy).
  const labels = useMemo(() => readingLabels(documents), [documents]);
  const [format, setFormat] = useState<(typeof FORMATS)[number]["id"]>("markdown");
  const [slug, setSlug] = useState("");
  const { isDownloading, download: downloadFrom, feedback } = useDownload();
  // Until the page's script runs, Download would do nothing and a choice could be put back.
  const isInteractive = useIsInteractive();

  function download() {
    const query = new URLSearchParams({ format, ...(slug && { document: slug }) });
    void downloadFrom(`/api/notes/export?${query}`);
  }

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Export my notes</h2>
      <div className="field">
        <label htmlFor={`${id}-format`}>Format</label>
        <select
          id={`${id}-format`}
          aria-describedby={`${id}-format-hint`}
          disabled={!isInteractive}
          value={format}
          onChange={(event) => setFormat(event.target.value as typeof format)}
        >
          {FORMATS.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
        <span id={`${id}-format-hint`} className="field__hint">
          {FORMATS.find((option) => option.id === format)?.hint}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-doc`}>Notes from</label>
        <select id={`${id}-doc`} disabled={!isInteractive} value={slug} onChange={(event) => setSlug(event.target.value)}>
          <option value="">All documents</option>
          {documents.map((document) => (
            <option key={document.slug} value={document.slug}>
              {labels.get(document.slug)}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button" onClick={download} disabled={!isInteractive} aria-disabled={isDownloading || undefined}>
        {isDownloading ? "Exporting…" : "Download"}
      </button>
      {feedback}
    </section>
  );
}

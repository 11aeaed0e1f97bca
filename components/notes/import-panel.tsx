"use client";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { ApiError } from "@/components/api/api-client";
import { notesApi, type ImportSummary as Summary } from "@/components/api/notes-api";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { readingLabels, type LabelledReading } from "@/lib/documents/reading-labels";

type Props = { documents: LabelledReading[] };

/** Bring annotations made elsewhere (W3C JSON-LD, Hypothesis export) into a document we hold. */
export function ImportPanel({ documents }: Props) {
  const id = useId();
  // Readings of the same title told apart (an original and a re-uploaded copy).
  const labels = useMemo(() => readingLabels(documents), [documents]);
  const router = useRouter();
  // No reading chosen for the reader: the first in the list had nothing to do with the file, and
  // annotations imported into the wrong reading are refused one by one ("quote not found").
  const [slug, setSlug] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<"idle" | "reading" | "importing">("idle");
  // Until the page's script runs the fields are disabled: what is typed or chosen while it hydrates would be lost.
  const isInteractive = useIsInteractive();
  const [readProgress, setReadProgress] = useState(0);
  const [result, setResult] = useState<{ summary?: Summary; error?: string } | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!file || !slug) return;
    setResult(null);
    setPhase("reading");
    try {
      const text = await readWithProgress(file, setReadProgress);
      setPhase("importing");
      const summary = await notesApi.importFile(slug, text);
      setResult({ summary });
      // The list beside this panel is the server's: it shows what was imported once it is asked again.
      if (summary.imported > 0) router.refresh();
    } catch (caught) {
      const isAnswered = caught instanceof ApiError && caught.status !== 0;
      setResult({ error: isAnswered ? caught.message : "The file could not be read or sent. Nothing was imported." });
    } finally {
      setPhase("idle");
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Import annotations</h2>
      <p className="field__hint">W3C Web Annotation JSON-LD or a Hypothesis export. Importing the same file again adds nothing.</p>
      <form method="post" className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-doc`}>Into document</label>
          <select id={`${id}-doc`} required disabled={!isInteractive} value={slug} onChange={(event) => setSlug(event.target.value)}>
            <option value="" disabled>
              Choose a reading
            </option>
            {documents.map((document) => (
              <option key={document.slug} value={document.slug}>
                {labels.get(document.slug)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>File</label>
          <input
            id={`${id}-file`}
            disabled={!isInteractive}
            type="file"
            accept=".json,.jsonld,application/json,application/ld+json"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" className="button" disabled={!file || !slug || phase !== "idle"}>
          {phase === "reading" ? "Reading the file…" : phase === "importing" ? "Importing…" : "Import"}
        </button>
        {phase !== "idle" && (
          <progress
            className="panel__progress"
            aria-label="Import progress"
            max={1}
            value={phase === "reading" ? readProgress : undefined}
          />
        )}
      </form>
      <div role="status">
        {result?.error && <p className="notice notice--error">{result.error}</p>}
        {result?.summary && <ImportSummary summary={result.summary} />}
      </div>
    </section>
  );
}

function ImportSummary({ summary }: { summary: Summary }) {
  return (
    <div className="notice notice--success">
      <p>
        {/* `imported` counts replies too. */}
        Imported {summary.imported - summary.replies} {summary.imported - summary.replies === 1 ? "annotation" : "annotations"}
        {summary.replies ? ` and ${summary.replies} ${summary.replies === 1 ? "reply" : "replies"}` : ""}
        {summary.alreadyImported ? `; ${summary.alreadyImported} ${summary.alreadyImported === 1 ? "was" : "were"} already here` : ""}.
      </p>
      {summary.orphans.length > 0 && (
        <>
          <p>
            {summary.orphans.length} {summary.orphans.length === 1 ? "was" : "were"} not imported:
          </p>
          <ul className="import-orphans">
            {summary.orphans.map((orphan) => (
              <li key={orphan.sourceId}>
                {/* A reply has no quote of its own: its reason says it is one. */}
                {orphan.quote ? `“${orphan.quote}” — ${orphan.reason}` : orphan.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function readWithProgress(file: File, onProgress: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

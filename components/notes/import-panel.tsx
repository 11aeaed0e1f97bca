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
  // What Import waits for. It is marked unavailable rather than disabled, so that the keyboard
  // still reaches it and learns why (disabled, it was skipped by Tab and said nothing: an
  // independent check); pressed meanwhile, it says so again.
  const missing =
    !slug && !file
      ? "Choose a reading and a file to import."
      : !slug
        ? "Choose a reading to import into."
        : !file
          ? "Choose a file to import."
          : null;
  const [pressesWhileMissing, setPressesWhileMissing] = useState(0);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (phase !== "idle") return;
    if (!file || !slug) {
      setPressesWhileMissing((count) => count + 1);
      return;
    }
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
      {/* noValidate: the browser's own check stopped a press at the reading alone, in a bubble; Import says what is missing. */}
      <form method="post" className="form" onSubmit={submit} noValidate>
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
        {/* Disabled until the page's script runs: pressed before, the browser would post the form to this page. */}
        <button
          type="submit"
          className="button"
          disabled={!isInteractive}
          aria-disabled={missing !== null || phase !== "idle" || undefined}
          aria-describedby={missing ? `${id}-missing` : undefined}
        >
          {phase === "reading" ? "Reading the file…" : phase === "importing" ? "Importing…" : "Import"}
        </button>
        {/* Import's description, and a live region: what is still missing is heard as it changes, and
            on every press (a no-break space on every other one makes the same words new text). */}
        <p id={`${id}-missing`} role="status" className={missing && pressesWhileMissing > 0 ? "notice notice--error" : "field__hint"}>
          {missing && `${missing}${pressesWhileMissing % 2 ? "\u00a0" : ""}`}
        </p>
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

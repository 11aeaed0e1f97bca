"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { errorMessage } from "@/components/api/api-client";
import { readingsApi, type ReadingProgress } from "@/components/api/readings-api";
import { READING_FILE_ACCEPT, READING_FORMATS_IN_WORDS } from "@/lib/documents/reading-limits";
import type { ReadingVersionCreated } from "@/lib/documents/version-schemas";
import { useIsInteractive } from "@/components/common/use-is-interactive";

type Props = { slug: string; text: string; versionNumber: number };

/**
 * Small fixes to a reading's text (its owner): saving makes a new version, and every annotation
 * is re-anchored onto it. The result says where they went, and where to find those that need a
 * new place. Saving names the version the draft was made from, so a version someone else saved
 * meanwhile is never silently undone: the server refuses (409) and the message says to reload.
 */
export function ReadingVersionEditor({ slug, text, versionNumber }: Props) {
  const router = useRouter();
  const [draft, setDraft] = useState(text);
  // The version the draft was made from: the page's, then each one saved here (not a newer one a
  // refresh brings, which the draft was not made from).
  const [baseVersion, setBaseVersion] = useState(versionNumber);
  const [isBusy, setIsBusy] = useState(false);
  // Until the page's script runs the fields are disabled: what is typed or chosen while it hydrates would be lost.
  const isInteractive = useIsInteractive();
  const [result, setResult] = useState<{ isError: boolean; created?: ReadingVersionCreated; text: string } | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<ReadingProgress | null>(null);
  // The button pressed is disabled while it saves (and stays so once the text is saved): focus goes
  // to what the save says, not to the page's start (an independent check's next Tab began at "Skip to content").
  const resultRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  async function onSave(event: FormEvent) {
    event.preventDefault();
    await save(() => readingsApi.addVersion(slug, draft, baseVersion));
  }

  async function onUpload(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    await save(() => readingsApi.addVersionFromFile(slug, file, baseVersion, setProgress));
    setProgress(null);
  }

  async function save(send: () => Promise<ReadingVersionCreated>) {
    setIsBusy(true);
    setResult(null);
    try {
      const created = await send();
      setBaseVersion(created.version.number);
      const { anchored, relocated, orphaned } = created.anchoring;
      setResult({
        isError: false,
        created,
        text:
          `Saved as version ${created.version.number}. ${anchored + relocated} ${anchored + relocated === 1 ? "annotation is" : "annotations are"} on ` +
          `their words (${relocated} found again after the change)` +
          (orphaned > 0 ? `; ${orphaned} ${orphaned === 1 ? "needs" : "need"} a new place.` : "."),
      });
      router.refresh();
    } catch (caught) {
      setResult({ isError: true, text: errorMessage(caught) });
    } finally {
      setIsBusy(false);
    }
  }

  const status = (
    <div role="status" aria-live="polite">
      {result ? (
        <p ref={resultRef} tabIndex={-1} className={result.isError ? "notice notice--error" : "notice"}>
          {result.text} {result.created ? <Link href={`/read/${slug}`}>Open the reading</Link> : null}
        </p>
      ) : null}
    </div>
  );

  return (
    <>
      <form method="post" className="form version-editor" onSubmit={onSave}>
        <p>
          Fix typos or sentences here (version {versionNumber} now). Paragraphs are separated by a blank line. Saving makes a new version;
          annotations follow their words, and any whose words are gone wait under “Needs a new place” for their authors.
        </p>
        <label htmlFor="version-text">Text</label>
        <textarea id="version-text" disabled={!isInteractive} value={draft} onChange={(event) => setDraft(event.target.value)} spellCheck />
        {file === null && status}
        <button type="submit" className="button" disabled={!isInteractive || isBusy || draft === text}>
          {isBusy && file === null ? "Saving…" : "Save as a new version"}
        </button>
      </form>
      {/* A new edition or a corrected file: the same conversion as adding a reading, the same re-anchoring as a correction. */}
      <form method="post" className="form version-editor" onSubmit={onUpload} aria-labelledby="version-file-heading">
        <h3 id="version-file-heading">Or upload a changed file</h3>
        <p>
          A new edition, or the same file corrected ({READING_FORMATS_IN_WORDS}): its text becomes version {versionNumber + 1}, and the
          annotations follow their words the same way.
        </p>
        <label htmlFor="version-file">File</label>
        <input
          id="version-file"
          type="file"
          accept={READING_FILE_ACCEPT}
          disabled={!isInteractive || isBusy}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setResult(null);
          }}
        />
        {progress && (
          <p className="muted">
            {progress.phase === "upload"
              ? `Uploading${progress.fraction === null ? "…" : ` ${Math.round(progress.fraction * 100)}%`}`
              : "Converting and placing the annotations…"}
          </p>
        )}
        {file !== null && status}
        <button type="submit" className="button" disabled={!isInteractive || isBusy || file === null}>
          {isBusy && file !== null ? "Saving…" : "Save the file as a new version"}
        </button>
      </form>
    </>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { errorMessage } from "@/components/api/api-client";
import { readingsApi, type ReadingProgress, type ReadingSubmission } from "@/components/api/readings-api";
import { READING_FILE_ACCEPT, READING_FORMATS_IN_WORDS } from "@/lib/documents/reading-limits";
import { ArticleBody } from "@/components/reader/article-body";
import type { ReadingPreview } from "@/lib/documents/schemas";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { formatReadingTime } from "@/lib/documents/format-reading-time";
import { formatDay } from "@/lib/format-date";

type Group = { id: string; name: string };
type Props = { groups: Group[]; canShareWithEveryone: boolean; maxMegabytes: number };
type Source = "paste" | "file" | "url";

/**
 * Add a reading: paste text or Markdown, choose (or drop) a file (.txt, .md, .html, .docx, .epub,
 * .pdf), or give a web address; the server converts it — a progress bar follows the upload, then
 * the conversion — and shows the canonical text before anything is saved; then save it, private by
 * default or shared with one of my groups.
 */
export function AddReadingForm({ groups, canShareWithEveryone, maxMegabytes }: Props) {
  const router = useRouter();
  const [source, setSource] = useState<Source>("paste");
  const [pasted, setPasted] = useState("");
  const [isMarkdown, setIsMarkdown] = useState(false);
  const [keepLines, setKeepLines] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [address, setAddress] = useState("");
  const [isDragging, setIsDragging] = useState(false);
  const [progress, setProgress] = useState<ReadingProgress | null>(null);
  const [title, setTitle] = useState("");
  const [author, setAuthor] = useState("");
  const [language, setLanguage] = useState("");
  const [sharing, setSharing] = useState("private");
  const [preview, setPreview] = useState<ReadingPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "save" | null>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  // Until the page's script runs the fields are disabled: what is typed or chosen while it hydrates would be lost.
  const isInteractive = useIsInteractive();

  // Plain text only (pasted, or a .txt file): Markdown, web pages and documents say where their lines break.
  const isPlainText = source === "paste" ? !isMarkdown : source === "file" && file !== null && /\.te?xt$/i.test(file.name);
  const submission = (): ReadingSubmission => {
    const [visibility, groupId] = sharing.startsWith("group:") ? (["group", sharing.slice(6)] as const) : ([sharing, undefined] as const);
    return {
      ...(isPlainText && keepLines && { keepLineBreaks: "true" as const }),
      ...(source === "file" && file
        ? { file }
        : source === "url"
          ? { url: address.trim() }
          : isMarkdown
            ? { markdown: pasted }
            : { text: pasted }),
      title: title.trim() || undefined,
      author: author.trim() || undefined,
      language: language.trim() || undefined,
      visibility: visibility as ReadingSubmission["visibility"],
      groupId,
    };
  };
  const changed = () => {
    setPreview(null);
    setError(null);
  };

  async function onPreview(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (source === "file" && !file) return setError("Choose a file first.");
    if (source === "paste" && pasted.trim() === "") return setError("Paste the text first.");
    if (source === "url" && address.trim() === "") return setError("Give the web address first.");
    if (source === "file" && file && file.size > maxMegabytes * 1024 * 1024) {
      return setError(`${file.name} is larger than ${maxMegabytes} MB: split it into parts, or save only the part you need.`);
    }
    setBusy("preview");
    setError(null);
    const focused = document.activeElement;
    try {
      const converted = await readingsApi.preview(submission(), setProgress);
      flushSync(() => setPreview(converted));
      // The reader waited where they pressed Preview: the preview is what they came for. (Moved on
      // meanwhile, they stay where they went.)
      if (document.activeElement === focused) previewHeading.current?.focus();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
      setProgress(null);
    }
  }

  async function onSave() {
    if (busy) return;
    setBusy("save");
    setError(null);
    try {
      const reading = await readingsApi.create(submission(), setProgress);
      router.push(`/read/${reading.slug}`);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(null);
      setProgress(null);
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setIsDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) {
      setSource("file");
      setFile(dropped);
      changed();
    }
  }

  // Without it a plain text's lines are joined into paragraphs (hard-wrapped prose reads as prose).
  const keepLinesChoice = (
    <label className="add-reading__check">
      <input
        type="checkbox"
        disabled={!isInteractive}
        checked={keepLines}
        onChange={(event) => (setKeepLines(event.target.checked), changed())}
      />{" "}
      Keep each line as it is (a poem, lyrics, an address)
    </label>
  );

  return (
    <form method="post" className="add-reading" onSubmit={onPreview}>
      <fieldset className="add-reading__source" disabled={!isInteractive}>
        <legend>Where the text comes from</legend>
        <label>
          <input type="radio" name="source" checked={source === "paste"} onChange={() => (setSource("paste"), changed())} /> Paste it
        </label>
        <label>
          <input type="radio" name="source" checked={source === "file"} onChange={() => (setSource("file"), changed())} /> Upload a file
        </label>
        <label>
          <input type="radio" name="source" checked={source === "url"} onChange={() => (setSource("url"), changed())} /> From a web address
        </label>
      </fieldset>

      {source === "paste" ? (
        <div className="field">
          <label htmlFor="reading-text">Text</label>
          <textarea
            id="reading-text"
            disabled={!isInteractive}
            rows={12}
            value={pasted}
            onChange={(event) => (setPasted(event.target.value), changed())}
          />
          <label className="add-reading__check">
            <input
              type="checkbox"
              disabled={!isInteractive}
              checked={isMarkdown}
              onChange={(event) => (setIsMarkdown(event.target.checked), changed())}
            />{" "}
            It is Markdown
          </label>
          {isPlainText && keepLinesChoice}
        </div>
      ) : source === "file" ? (
        <div
          className={`field add-reading__drop${isDragging ? " add-reading__drop--over" : ""}`}
          data-testid="reading-drop-zone"
          onDragOver={(event) => (event.preventDefault(), setIsDragging(true))}
          onDragLeave={() => setIsDragging(false)}
          onDrop={onDrop}
        >
          <label htmlFor="reading-file">
            File ({READING_FORMATS_IN_WORDS}, at most {maxMegabytes} MB)
          </label>
          <input
            id="reading-file"
            disabled={!isInteractive}
            type="file"
            accept={READING_FILE_ACCEPT}
            onChange={(event) => (setFile(event.target.files?.[0] ?? null), changed())}
          />
          <p className="field__hint">
            {file
              ? `Chosen: ${file.name}`
              : "Or drop a file here. A saved web page keeps only its article; a PDF is reflowed into paragraphs, its running heads and printed page numbers dropped and where each page began marked in the margin."}
          </p>
          {isPlainText && keepLinesChoice}
        </div>
      ) : (
        <div className="field">
          <label htmlFor="reading-url">Web address</label>
          <input
            id="reading-url"
            disabled={!isInteractive}
            type="url"
            inputMode="url"
            placeholder="https://example.org/article"
            value={address}
            onChange={(event) => (setAddress(event.target.value), changed())}
          />
          <p className="field__hint">The page is fetched once and only its article is kept, with its address.</p>
        </div>
      )}

      <div className="field">
        <label htmlFor="reading-title">Title</label>
        <input
          id="reading-title"
          dir="auto"
          disabled={!isInteractive}
          value={title}
          onChange={(event) => (setTitle(event.target.value), changed())}
        />
        <p className="field__hint">Leave empty to take it from the text.</p>
      </div>
      <div className="field">
        <label htmlFor="reading-author">Author</label>
        <input
          id="reading-author"
          dir="auto"
          disabled={!isInteractive}
          value={author}
          onChange={(event) => (setAuthor(event.target.value), changed())}
        />
      </div>
      <div className="field">
        <label htmlFor="reading-language">Language</label>
        <input
          id="reading-language"
          disabled={!isInteractive}
          value={language}
          placeholder="en"
          onChange={(event) => (setLanguage(event.target.value), changed())}
        />
      </div>
      <div className="field">
        <label htmlFor="reading-sharing">Who can read it</label>
        <select id="reading-sharing" disabled={!isInteractive} value={sharing} onChange={(event) => setSharing(event.target.value)}>
          <option value="private">Only me</option>
          {groups.map((group) => (
            <option key={group.id} value={`group:${group.id}`}>
              {group.name}
            </option>
          ))}
          {canShareWithEveryone ? <option value="public">Everyone</option> : null}
        </select>
      </div>

      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {/* Marked, not made, disabled while busy: a disabled button loses focus to the page (onPreview ignores it). */}
      <button className="button" type="submit" disabled={!isInteractive} aria-disabled={busy !== null}>
        {busy === "preview" ? "Converting…" : "Preview"}
      </button>
      {progress ? <ProgressBar progress={progress} isFetching={source === "url"} isSaving={busy === "save"} /> : null}

      {preview ? (
        <section className="add-reading__preview" aria-labelledby="reading-preview-title">
          <h2 id="reading-preview-title" tabIndex={-1} ref={previewHeading}>
            Preview
          </h2>
          <p className="library__meta">
            <strong data-testid="preview-title">{preview.title}</strong>
            {preview.author ? ` · By ${preview.author}` : ""} · {preview.wordCount} words · {formatReadingTime(preview.readingMinutes)}
            {preview.language ? ` · ${preview.language}` : ""}
            {preview.publishedAt ? ` · Published ${formatDay(preview.publishedAt, "UTC")}` : ""}
            {preview.pages.length > 0 ? ` · ${preview.pages.length} ${preview.pages.length === 1 ? "page" : "pages"}` : ""}
            {preview.sections.length > 0 ? ` · ${preview.sections.length} ${preview.sections.length === 1 ? "chapter" : "chapters"}` : ""}
          </p>
          {preview.sourceUrl ? (
            <p className="library__meta" data-testid="preview-source">
              From <a href={preview.sourceUrl}>{preview.sourceUrl}</a>
            </p>
          ) : null}
          {preview.imagesLeftOut > 0 ? (
            <p className="field__hint" data-testid="preview-images">
              A reading keeps text only:{" "}
              {preview.imagesLeftOut === 1 ? "1 image is" : `${preview.imagesLeftOut.toLocaleString("en")} images are`} left out. An image
              standing on its own with a description (alt text) is kept as that description.
            </p>
          ) : null}
          {/* Scrolls when long: focusable and named, so it can be scrolled from the keyboard. */}
          <div className="add-reading__preview-text" data-testid="preview-text" tabIndex={0} role="region" aria-label="Converted text">
            {/* Drawn as the reading page draws it: its headings, lists and tables as they will be kept. */}
            <ArticleBody text={preview.text} versionId="preview" structure={preview.structure} />
          </div>
          <button className="button" type="button" onClick={onSave} aria-disabled={busy !== null}>
            {busy === "save" ? "Saving…" : "Save reading"}
          </button>
        </section>
      ) : null}
    </form>
  );
}

/** Upload first (a fraction when the browser knows the size), then conversion on the server (indeterminate). */
function ProgressBar({ progress, isFetching, isSaving }: { progress: ReadingProgress; isFetching: boolean; isSaving: boolean }) {
  const isUploading = progress.phase === "upload" && !isFetching;
  const percent = progress.phase === "upload" && progress.fraction !== null ? Math.round(progress.fraction * 100) : null;
  const label = isUploading
    ? `Uploading…${percent !== null ? ` ${percent}%` : ""}`
    : isFetching
      ? "Fetching and converting…"
      : // Saving converts again on the server, then writes: one line for both, beside the button's "Saving…".
        isSaving
        ? "Converting and saving…"
        : "Converting…";
  return (
    <div className="add-reading__progress" role="status">
      <progress aria-labelledby="reading-progress-label" max={1} {...(isUploading && percent !== null ? { value: percent / 100 } : {})} />
      <span id="reading-progress-label">{label}</span>
    </div>
  );
}

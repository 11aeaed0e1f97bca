"use client";
import { useState } from "react";
import { downloadWithProgress } from "./download-with-progress";

type Message = { text: string; isError: boolean };

/**
 * A download from our API with its progress and outcome: `progress` is undefined while idle, null
 * while the size is unknown, else a fraction. `feedback` is the progress bar and the status line
 * that says what was downloaded or why it failed, for the panel to place under its button.
 */
export function useDownload() {
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [message, setMessage] = useState<Message | null>(null);

  async function download(url: string) {
    setMessage(null);
    setProgress(null);
    try {
      const filename = await downloadWithProgress(url, setProgress);
      setMessage({ text: `Downloaded ${filename}.`, isError: false });
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : "The export failed.", isError: true });
    } finally {
      setProgress(undefined);
    }
  }

  const feedback = (
    <>
      {progress !== undefined && (
        <progress className="panel__progress" aria-label="Export progress" max={1} value={progress ?? undefined} />
      )}
      <div role="status">
        {message && <p className={`notice ${message.isError ? "notice--error" : "notice--success"}`}>{message.text}</p>}
      </div>
    </>
  );

  return { isDownloading: progress !== undefined, download, feedback };
}

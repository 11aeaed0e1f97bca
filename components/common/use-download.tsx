"use client";
import { useState } from "react";
import { DEFAULT_WORDING } from "@/components/api/api-client";

type Message = { text: string; isError: boolean };

/**
 * A download from our API with its progress and outcome: `progress` is undefined while idle, null
 * while the size is unknown, else a fraction. `feedback` is the progress bar and the status line
 * that says what was downloaded or why it failed, for the panel to place under its button. The
 * download's code (./download-with-progress.ts) loads on the first download, not with the page.
 */
export function useDownload() {
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [message, setMessage] = useState<Message | null>(null);

  // The button that starts it stays enabled while it runs (aria-disabled): a disabled button drops
  // keyboard focus to the page (an independent check). A press meanwhile is ignored here.
  async function download(url: string) {
    if (progress !== undefined) return;
    setMessage(null);
    setProgress(null);
    try {
      // Offline before the code came: said as the request itself would say it.
      const { downloadWithProgress } = await import("./download-with-progress").catch(() => {
        throw new Error(DEFAULT_WORDING.offline);
      });
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

"use client";
import { useRef, useState } from "react";

/**
 * Copies a shown-once value (an API token, an invitation link). Where the browser refuses the
 * clipboard (no permission, not a secure context), the value is left selected for Ctrl+C instead.
 */
export type CopyStatus = "idle" | "copied" | "failed";

export function useCopyToClipboard(value: string) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyStatus, setCopyStatus] = useState<CopyStatus>("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopyStatus("copied");
    } catch {
      inputRef.current?.select();
      setCopyStatus("failed");
    }
  }

  return { inputRef, copyStatus, copy };
}

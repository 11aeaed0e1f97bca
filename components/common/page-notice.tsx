"use client";
import { useEffect, useRef } from "react";

type Props = { text: string; isError: boolean };

/**
 * What a form post says on the page it came back to (saved, or why not), with focus on it as the
 * page arrives: the form's button is gone with the page it was on, and focus fell to the page's
 * start, so the next Tab began again at "Skip to content".
 */
export function PageNotice({ text, isError }: Props) {
  const notice = useRef<HTMLParagraphElement>(null);
  useEffect(() => notice.current?.focus(), [text]);
  return (
    <p ref={notice} tabIndex={-1} className={isError ? "notice notice--error" : "notice notice--success"}>
      {text}
    </p>
  );
}

"use client";
import { useState } from "react";
import { errorMessage } from "@/components/api/api-client";
import { moderationApi } from "@/components/api/moderation-api";
import type { FlagDto } from "@/lib/moderation/schemas";

type Props = { initial: FlagDto[] };

/**
 * A group's open flags for its staff: what was flagged, why and by whom, with Hide / Restore. A flag
 * dealt with here stays in view (its state shown) until the page is reloaded.
 */
export function FlagsPanel({ initial }: Props) {
  const [flags, setFlags] = useState(initial);
  const [message, setMessage] = useState<{ isError: boolean; text: string } | null>(null);

  async function setHidden(flag: FlagDto, isHidden: boolean) {
    setMessage(null);
    try {
      const annotation = await (isHidden ? moderationApi.hide(flag.annotation.threadId) : moderationApi.restore(flag.annotation.threadId));
      setFlags((list) =>
        list.map((item) =>
          item.annotation.threadId === flag.annotation.threadId
            ? { ...item, annotation: { ...item.annotation, isHidden: annotation.isHidden } }
            : item,
        ),
      );
      setMessage({ isError: false, text: isHidden ? "Hidden from the group's members." : "Restored for the group." });
    } catch (caught) {
      setMessage({ isError: true, text: errorMessage(caught) });
    }
  }

  return (
    <section className="panel" aria-labelledby="flags-heading">
      <h2 id="flags-heading">Flags ({flags.length})</h2>
      {flags.length === 0 ? (
        <p className="field__hint">No open flags. When a member flags an annotation in this group, it shows here.</p>
      ) : (
        <ul className="flag-list">
          {flags.map((flag) => (
            <li key={flag.id} className="flag-item">
              {flag.annotation.quote && <blockquote>“{flag.annotation.quote}”</blockquote>}
              {flag.annotation.body && (
                <p>{flag.annotation.body.length > 200 ? `${flag.annotation.body.slice(0, 199)}…` : flag.annotation.body}</p>
              )}
              <p className="field__hint">
                By {flag.annotation.author.name} · flagged by {flag.flaggedBy.name}: {flag.reason}
              </p>
              <p>
                {flag.annotation.isHidden && <span className="resolved-badge">Hidden from members</span>}{" "}
                <a href={flag.annotation.href} aria-label={`Open in the text: the note by ${flag.annotation.author.name}`}>
                  Open in the text
                </a>{" "}
                <button type="button" className="button button--small" onClick={() => void setHidden(flag, !flag.annotation.isHidden)}>
                  {flag.annotation.isHidden ? "Restore" : "Hide"}
                </button>
              </p>
            </li>
          ))}
        </ul>
      )}
      <div role="status">{message && !message.isError && <p className="notice notice--success">{message.text}</p>}</div>
      <div role="alert">{message?.isError && <p className="notice notice--error">{message.text}</p>}</div>
    </section>
  );
}

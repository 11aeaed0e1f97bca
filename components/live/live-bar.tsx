"use client";
import type { ReaderGroup } from "@/lib/annotations/scopes";
import type { LivePresenceMessage } from "@/lib/live/protocol";
import { describePresence, describeQueue } from "./live-queue";

type Props = {
  groups: readonly ReaderGroup[];
  presence: LivePresenceMessage | null;
  isReconnecting: boolean;
  /** The reading is refused now (use-live-annotations.ts, "lost"). */
  isLost?: boolean;
  /** Others' changes waiting (the "queue" preference); 0 hides the button. */
  queuedCount: number;
  onShowQueued: () => void;
};

/** The top of the sidebar while reading live: who else is here, the stream's state, and what waits. */
export function LiveBar({ groups, presence, isReconnecting, isLost, queuedCount, onShowQueued }: Props) {
  // Who was reading is unknown while the stream is down, and no longer the reader's to know once the
  // reading has closed to them: an old count would be a guess, or say who reads a reading they cannot.
  const readers = isReconnecting || isLost ? [] : describePresence(groups, presence);
  // Until the first presence arrives, a line per group holds its place: the count then replaces it
  // where it stands instead of pushing the sidebar down under the reader's pointer. Each entry is
  // one line (cut with an ellipsis, whole in its title and to screen readers), so a placeholder
  // that would wrap where its count does not cannot change the bar's height.
  const isConnecting = presence === null && !isReconnecting && !isLost && groups.length > 0;
  const lines = isConnecting
    ? groups.map((group) => ({ groupId: group.id, text: `Counting who from ${group.name} is reading now…` }))
    : readers;
  return (
    <div className="live-bar">
      {lines.length > 0 && (
        <ul className="live-bar__presence" aria-label="Reading now" aria-busy={isConnecting}>
          {lines.map((entry) => (
            <li key={entry.groupId}>
              <span className={isConnecting ? "live-bar__dot live-bar__dot--pending" : "live-bar__dot"} aria-hidden="true" />
              <span className="live-bar__line" title={entry.text}>
                {entry.text}
              </span>
            </li>
          ))}
        </ul>
      )}
      {/* Always in the page, so screen readers hear the status when it appears. */}
      <p className="live-bar__status" role="status">
        {isReconnecting && "Reconnecting… Changes made meanwhile will arrive when the connection is back."}
        {isLost && "This reading is no longer open to you (unshared, deleted, or you are out of its group). Reload to see where you stand."}
      </p>
      {queuedCount > 0 && (
        <button type="button" className="button button--small live-bar__show" onClick={onShowQueued}>
          {describeQueue(queuedCount)}
        </button>
      )}
    </div>
  );
}

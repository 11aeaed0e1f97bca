"use client";
import { useRef, useState } from "react";
import { flushSync } from "react-dom";
import { notificationsApi } from "@/components/api/notifications-api";
import { tellUnreadNotifications } from "@/components/layout/notifications-link";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { RelativeTime } from "@/components/annotations/relative-time";
import { LocalDateTime } from "@/components/assignments/local-date-time";
import { isAssignmentNotificationKind, type AnnotationNotificationKind } from "@/lib/notifications/kinds";
import type { NotificationDto } from "@/lib/notifications/schemas";

type Props = { initial: NotificationDto[] };

const WHAT: Record<AnnotationNotificationKind, string> = {
  reply: "replied to your annotation",
  mention: "mentioned you",
  flag: "flagged an annotation",
  feedback: "left you private feedback",
};

/** My notifications; following one marks it read, and "Mark all as read" clears the header's count. */
export function NotificationList({ initial }: Props) {
  const isInteractive = useIsInteractive();
  const [items, setItems] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const unread = items.filter((item) => !item.isRead).length;
  // "Mark all as read" goes once they are: focus moves to the line that says so, not to the page.
  const summary = useRef<HTMLParagraphElement>(null);

  async function markAllRead() {
    setError(null);
    try {
      // All of them up to the newest this page shows: one that came after it was never seen.
      const upTo = items.reduce((newest, item) => (item.createdAt > newest ? item.createdAt : newest), items[0].createdAt);
      const { unreadCount } = await notificationsApi.markRead({ all: true, upTo });
      flushSync(() => setItems((list) => list.map((item) => ({ ...item, isRead: true }))));
      summary.current?.focus();
      // The header's count may have moved since the page was drawn (it asks again while open): told, not redrawn.
      tellUnreadNotifications(unreadCount);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Could not mark them read.");
    }
  }

  async function follow(event: React.MouseEvent<HTMLAnchorElement>, item: NotificationDto) {
    // A new tab or window keeps the default behaviour; the item stays unread until opened here.
    if (item.isRead || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const href = event.currentTarget.href;
    await notificationsApi.markRead({ ids: [item.id] }).catch(() => undefined);
    window.location.assign(href);
  }

  if (items.length === 0)
    return (
      <p>
        Nothing yet. Replies to your annotations, your instructors&apos; feedback, @mentions of you in your groups, flags for your groups,
        new assignments, assignments due within a day and released grades show here.
      </p>
    );
  return (
    <>
      <p ref={summary} tabIndex={-1}>
        {unread === 0 ? "All read." : `${unread} unread.`}{" "}
        {unread > 0 && (
          <button type="button" className="button button--small" onClick={markAllRead} disabled={!isInteractive}>
            Mark all as read
          </button>
        )}
      </p>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
      <ol className="notification-list">
        {items.map((item) => (
          <li key={item.id} className={`notification${item.isRead ? "" : " notification--unread"}`}>
            {isAssignmentNotificationKind(item.kind) ? (
              <AssignmentNotice item={item} onFollow={(event) => void follow(event, item)} />
            ) : (
              <>
                <p>
                  {!item.isRead && <span className="tag">New</span>} {item.kind === "feedback" && "Your instructor "}
                  <strong>{item.actor.name}</strong> {WHAT[item.kind]} · <RelativeTime iso={item.createdAt} />
                </p>
                {item.annotation ? (
                  <p>
                    <a href={item.annotation.href} onClick={(event) => void follow(event, item)}>
                      {item.annotation.quote ? `“${item.annotation.quote}”` : "Open the thread"}
                    </a>
                    {item.annotation.snippet && <> — {item.annotation.snippet}</>}
                  </p>
                ) : (
                  <p className="field__hint">This annotation is no longer available to you.</p>
                )}
              </>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

/** An assignment opened, is due within a day, had its grades released, or my grade got feedback: a link to the assignment. */
function AssignmentNotice({ item, onFollow }: { item: NotificationDto; onFollow: (event: React.MouseEvent<HTMLAnchorElement>) => void }) {
  const { assignment } = item;
  const link = assignment && (
    <a href={assignment.href} onClick={onFollow}>
      {assignment.title}
    </a>
  );
  return (
    <>
      <p>
        {!item.isRead && <span className="tag">New</span>}{" "}
        {!assignment ? (
          <>An assignment</>
        ) : item.kind === "assignment_opened" ? (
          <>
            <strong>{item.actor.name}</strong> set a new assignment in {assignment.group}: {link}
          </>
        ) : item.kind === "assignment_due_soon" ? (
          <>
            {link} ({assignment.group}) is due within a day, and your part is not done yet
          </>
        ) : item.kind === "grade_released" ? (
          <>
            <strong>{item.actor.name}</strong> released your grade for {link}
          </>
        ) : (
          <>
            <strong>{item.actor.name}</strong> left feedback on your grade for {link}
          </>
        )}{" "}
        · <RelativeTime iso={item.createdAt} />
      </p>
      {assignment ? (
        <p className="field__hint">
          Due <LocalDateTime iso={assignment.dueAt} />
        </p>
      ) : (
        <p className="field__hint">This assignment is no longer available to you.</p>
      )}
    </>
  );
}

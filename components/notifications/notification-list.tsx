"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { notificationsApi } from "@/components/api/api-client";
import { RelativeTime } from "@/components/annotations/relative-time";
import type { NotificationDto } from "@/lib/notifications/schemas";

type Props = { initial: NotificationDto[] };

const WHAT: Record<NotificationDto["kind"], string> = {
  reply: "replied to your annotation",
  mention: "mentioned you",
  flag: "flagged an annotation",
  feedback: "left you private feedback",
};

/** My notifications; following one marks it read, and "Mark all as read" clears the header's count. */
export function NotificationList({ initial }: Props) {
  const router = useRouter();
  const [items, setItems] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const unread = items.filter((item) => !item.isRead).length;

  async function markAllRead() {
    setError(null);
    try {
      await notificationsApi.markRead({ all: true });
      setItems((list) => list.map((item) => ({ ...item, isRead: true })));
      router.refresh();
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
        Nothing yet. Replies to your annotations, your instructors&apos; feedback, @mentions of you in your groups and flags for your groups
        show here.
      </p>
    );
  return (
    <>
      <p>
        {unread === 0 ? "All read." : `${unread} unread.`}{" "}
        {unread > 0 && (
          <button type="button" className="button button--small" onClick={markAllRead}>
            Mark all as read
          </button>
        )}
      </p>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
      <ol className="notification-list">
        {items.map((item) => (
          <li key={item.id} className={`notification${item.isRead ? "" : " notification--unread"}`}>
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
          </li>
        ))}
      </ol>
    </>
  );
}

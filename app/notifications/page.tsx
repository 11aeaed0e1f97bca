import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NotificationList } from "@/components/notifications/notification-list";
import { getCurrentUser } from "@/server/auth/session";
import { listNotificationsNow } from "@/server/assignments/assignment-notifications";

export const metadata: Metadata = { title: "Notifications" };

// Replies to my annotations, @mentions of me in my groups, and flags for the groups I teach.
export default async function NotificationsPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/notifications");
  const { items } = await listNotificationsNow(user);
  return (
    <div className="page notifications-page">
      <h1>Notifications</h1>
      <NotificationList initial={items} />
    </div>
  );
}

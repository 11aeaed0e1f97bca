import "@fontsource-variable/literata";
import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import { SiteHeader } from "@/components/layout/site-header";
import { getCurrentUser } from "@/server/auth/session";
import { countUnreadNotifications } from "@/server/notifications/count-unread-notifications";

// Every page renders per request: the CSP nonce (proxy.ts) and the signed-in header differ each time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Marginalia", template: "%s · Marginalia" },
  description: "Read closely, together: highlight, comment on and discuss what you read.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfaf7" },
    { media: "(prefers-color-scheme: dark)", color: "#161513" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  const unreadNotifications = await countUnreadNotifications(user);
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader user={user} unreadNotifications={unreadNotifications} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}

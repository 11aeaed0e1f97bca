import "./globals.css";
import "./phone.css";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { inter, literata } from "./fonts";
import { ServiceWorkerRegistration } from "@/components/layout/service-worker-registration";
import { SiteHeader } from "@/components/layout/site-header";
import { comfortAttributes, comfortBootScript } from "@/lib/reader/comfort";
import { getCurrentUser } from "@/server/auth/session";
import { getReaderComfort } from "@/server/preferences/reader-comfort";
import { countUnreadNotificationsNow } from "@/server/assignments/assignment-notifications";

// Every page renders per request: the CSP nonce (proxy.ts) and the signed-in header differ each time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Marginalia", template: "%s · Marginalia" },
  description: "Read closely, together: highlight, comment on and discuss what you read.",
  icons: { icon: "/favicon.svg", apple: "/icons/apple-touch-icon.png" },
  appleWebApp: { capable: true, title: "Marginalia", statusBarStyle: "default" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  // The on-screen keyboard shrinks the layout (and 100dvh): the editor's full-height sheet stays above it.
  interactiveWidget: "resizes-content",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfaf7" },
    { media: "(prefers-color-scheme: dark)", color: "#161513" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  const unreadNotifications = await countUnreadNotificationsNow(user);
  // Reading comfort is on <html> before the first paint: from the database for a signed-in reader,
  // from localStorage (a tiny inline script) for anyone else. The script may change attributes
  // React rendered, hence suppressHydrationWarning on <html> only.
  const comfort = user ? comfortAttributes(await getReaderComfort(user.id)) : {};
  const nonce = user ? undefined : ((await headers()).get("x-nonce") ?? undefined);
  // data-reader: who is signed in (empty: nobody). The service worker (public/sw.js) reads it from
  // every page it fetches and clears what anyone else kept on the device before the page shows.
  return (
    <html lang="en" className={`${literata.variable} ${inter.variable}`} data-reader={user?.id ?? ""} {...comfort} suppressHydrationWarning>
      {!user && (
        <head>
          <script nonce={nonce} dangerouslySetInnerHTML={{ __html: comfortBootScript() }} />
        </head>
      )}
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader user={user} unreadNotifications={unreadNotifications} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ServiceWorkerRegistration />
      </body>
    </html>
  );
}

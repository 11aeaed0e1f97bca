import type { Metadata } from "next";
import { KeptReadingsList } from "@/components/offline/kept-readings-list";
import { ReloadWhenOnline } from "@/components/offline/reload-when-online";

export const metadata: Metadata = { title: "Offline" };

// The page the service worker (public/sw.js) shows for a page that could not be fetched while
// offline. It is cached signed out, so it holds nothing of any reader; the readings kept on this
// device are listed from IndexedDB in the browser.
export default function OfflinePage() {
  return (
    <div className="page offline-page">
      <h1>You are offline</h1>
      <p>This page is not saved on this device, and it could not be fetched. It opens by itself when your connection comes back.</p>
      <p>
        <a className="button" href="">
          Try again
        </a>
      </p>
      <KeptReadingsList />
      <ReloadWhenOnline />
    </div>
  );
}

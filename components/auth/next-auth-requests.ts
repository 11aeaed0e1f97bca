/**
 * Signing out, and signing in with GitHub, Google or single sign-on, as next-auth/react's
 * signOut() and signIn() do it — fetch a CSRF token, POST next-auth's own form, follow the URL it
 * answers — without shipping next-auth's client (~11 KB gzip) to every page for two requests.
 * Password sign-in has its own (./sign-in-with-password.ts).
 */

async function postAuthForm(path: string, fields: Record<string, string>): Promise<string> {
  const csrf = await fetch("/api/auth/csrf", { cache: "no-store" });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken, json: "true" }),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  const { url } = (await response.json()) as { url?: string };
  if (!url) throw new Error(`${path} answered no URL`);
  return url;
}

function go(url: string) {
  window.location.href = url;
  // A URL differing only in its #hash does not load a page: load it.
  if (url.includes("#")) window.location.reload();
}

/** Its presence says a sign-out could not reach the server: public/sw.js ends the session back online, and the offline page says so. */
export const SIGN_OUT_LEFT_CACHE = "marginalia-sign-out";

/**
 * Ends this browser's session (its token is recorded as revoked by the server), clears what was
 * kept on this device (kept readings, their pages, the outbox: components/offline/offline-db.ts)
 * and goes to `callbackUrl`. Offline the device is cleared all the same (on a shared phone that is
 * what the person relies on; "Sign out anyway" used to do nothing at all) and the page goes to the
 * offline page, which says so; the service worker ends the session with the first page it fetches
 * once the connection is back. Rejects, having changed nothing, when the server refuses.
 */
export async function signOutTo(callbackUrl: string): Promise<void> {
  const clearDevice = () => import("@/components/offline/offline-db").then((db) => db.clearDevice()).catch(() => undefined);
  try {
    const url = await postAuthForm("/api/auth/signout", { callbackUrl });
    await clearDevice();
    go(url);
  } catch (caught) {
    // fetch rejects with a TypeError only when it got no answer at all.
    if (!(caught instanceof TypeError)) throw caught;
    await clearDevice();
    if (navigator.serviceWorker?.controller) {
      await caches.open(SIGN_OUT_LEFT_CACHE);
      return go("/");
    }
    window.alert(
      "You are offline. This device was cleared, but you are still signed in on the server: sign out again once you are online.",
    );
  }
}

/** Starts signing in with an external provider: next-auth answers with the provider's authorization URL. */
export async function signInWithProvider(providerId: string, callbackUrl: string): Promise<void> {
  go(await postAuthForm(`/api/auth/signin/${encodeURIComponent(providerId)}`, { callbackUrl }));
}

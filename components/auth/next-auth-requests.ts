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

/**
 * Ends this browser's session (its token is recorded as revoked by the server), clears what was
 * kept on this device (kept readings, their pages, the outbox: components/offline/offline-db.ts)
 * and goes to `callbackUrl`.
 */
export async function signOutTo(callbackUrl: string): Promise<void> {
  const url = await postAuthForm("/api/auth/signout", { callbackUrl });
  await import("@/components/offline/offline-db").then(({ clearDevice }) => clearDevice()).catch(() => undefined);
  go(url);
}

/** Starts signing in with an external provider: next-auth answers with the provider's authorization URL. */
export async function signInWithProvider(providerId: string, callbackUrl: string): Promise<void> {
  go(await postAuthForm(`/api/auth/signin/${encodeURIComponent(providerId)}`, { callbackUrl }));
}

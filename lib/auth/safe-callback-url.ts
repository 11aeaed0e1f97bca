/**
 * Where to go after signing in: a path on this site, never another origin. The candidate is
 * resolved the way a browser will resolve it — against an origin of our own, with the URL
 * parser dropping tabs and newlines and reading "\" as "/" — and kept only if it stays on that
 * origin. Prefix checks are not enough: "/<TAB>/evil.example" passes `startsWith("/")` and a
 * browser goes to //evil.example.
 */
const OWN_ORIGIN = "http://marginalia.invalid";

export function safeCallbackUrl(value: string | string[] | undefined, fallback = "/"): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate || !candidate.startsWith("/")) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(candidate, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  // "/.//evil.example" resolves on our origin to the path "//evil.example", which a browser would
  // again read as another host.
  if (resolved.origin !== OWN_ORIGIN || resolved.pathname.startsWith("//")) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** Tab, line break and the other control characters: next-auth would put them in a Location header. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Whether next-auth cannot use a callbackUrl: not text, holding a control character, or not what
 * next-auth accepts (a path from "/" or an http(s) address, parsed as its own assertConfig parses
 * them: "groups", "http://localhost:3000.evil.example/", a port of 99999 are not). next-auth answered
 * each with a 500, from a body, a query or its callback cookie; app/api/auth/[...nextauth]/route.ts
 * refuses the first two with 400 and drops such a cookie before next-auth sees it.
 */
export function isUnusableCallbackUrl(value: unknown, baseUrl: string): boolean {
  if (typeof value !== "string" || CONTROL_CHARACTER.test(value)) return true;
  const resolved = resolve(value, value.startsWith("/") ? baseUrl : undefined);
  return !resolved || !/^https?:$/.test(resolved.protocol);
}

function resolve(value: string, baseUrl?: string): URL | null {
  try {
    return new URL(value, baseUrl);
  } catch {
    return null;
  }
}

/**
 * next-auth's redirect callback: the address on this site that `value` names, else the site's own
 * address (`baseUrl`); it never throws. Off-site addresses ("https://evil.example", and the paths a
 * browser reads as another host, "//evil.example" and "/\\evil.example") go to the site itself.
 */
export function onSiteCallbackUrl(value: unknown, baseUrl: string): string {
  if (isUnusableCallbackUrl(value, baseUrl)) return baseUrl;
  const resolved = resolve(value as string, baseUrl);
  return resolved && resolved.origin === resolve(baseUrl)?.origin ? resolved.href : baseUrl;
}

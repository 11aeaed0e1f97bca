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

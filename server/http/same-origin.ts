/**
 * Whether a request that changes something comes from this site: the one rule for route handlers
 * (`assertSameOrigin`, server/http/respond.ts) and for server actions' posts (proxy.ts). No imports
 * of the database or of Node-only modules: the proxy runs it on every page request.
 *
 * Returns why it is refused, or null.
 */
export function crossOriginRefusal(request: Request): string | null {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return "Cross-site requests cannot change anything here.";
  const origin = request.headers.get("origin");
  if (origin === "null") return "Requests from an opaque origin cannot change anything here.";
  if (origin && !allowedOrigins(request).has(origin)) return `Requests from ${origin} cannot change anything here.`;
  return null;
}

function allowedOrigins(request: Request): Set<string> {
  const origins = new Set<string>();
  if (process.env.NEXTAUTH_URL) origins.add(new URL(process.env.NEXTAUTH_URL).origin);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host) {
    const protocol = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
    origins.add(`${protocol}://${host}`);
  }
  return origins;
}

import "server-only";

/**
 * The address a request came from, for per-IP rate limits.
 *
 * `next start` fills X-Forwarded-For with the socket's address only when the client did not send
 * one, so the header is all a route handler sees. Behind N reverse proxies that append to it
 * (nginx `$proxy_add_x_forwarded_for`), the client is the Nth entry from the right: set
 * TRUSTED_PROXY_COUNT=N. With the app exposed directly (the default, 0), the rightmost entry is
 * used; a client can forge it, which is why per-email limits never depend on it.
 */
export function clientIp(headers: Headers): string {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const trustedProxies = Math.max(0, Number(process.env.TRUSTED_PROXY_COUNT) || 0);
  const index = forwarded.length - Math.max(1, trustedProxies);
  return forwarded[Math.max(0, index)] ?? headers.get("x-real-ip") ?? "unknown";
}

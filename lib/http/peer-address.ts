/**
 * The header our production server (scripts/serve.ts) sets on every request to the address of the
 * TCP peer it came from. It overwrites whatever a client sent under that name, so unlike
 * X-Forwarded-For it cannot be forged.
 */
export const PEER_ADDRESS_HEADER = "x-marginalia-peer-address";

/** "::ffff:203.0.113.7" (an IPv4 client on a dual-stack socket) → "203.0.113.7". */
export function normalizeAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address;
}

/**
 * The client's address from a request's headers (`get` reads one by its lower-case name): see
 * server/http/client-ip.ts, which the app's routes use; the production server (scripts/serve.ts)
 * uses it too, before Next.js, to share its turns fairly between addresses.
 */
export function clientAddress(get: (name: string) => string | null | undefined): string {
  const forwarded = (get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const peer = get(PEER_ADDRESS_HEADER);
  const trustedProxies = Math.max(0, Math.floor(Number(process.env.TRUSTED_PROXY_COUNT) || 0));
  if (peer) {
    const chain = [...forwarded, peer];
    // More proxies configured than the chain holds: the leftmost is the best we know.
    return normalizeAddress(chain[Math.max(0, chain.length - 1 - trustedProxies)]);
  }
  const index = forwarded.length - Math.max(1, trustedProxies);
  return normalizeAddress(forwarded[Math.max(0, index)] ?? get("x-real-ip") ?? "unknown");
}

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

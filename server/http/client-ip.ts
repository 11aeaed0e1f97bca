import "server-only";
import { clientAddress } from "@/lib/http/peer-address";

/**
 * The address a request came from, for per-IP rate limits.
 *
 * The chain of addresses is X-Forwarded-For as received, then the TCP peer our server saw
 * (PEER_ADDRESS_HEADER, set by scripts/serve.ts and unforgeable). Each trusted reverse proxy in
 * front of the app appends the address it received from, so the client is TRUSTED_PROXY_COUNT
 * entries left of the peer; everything further left is whatever the client claimed, and is never
 * read. With no proxy (the default, 0) the client is the peer itself, and a forged
 * X-Forwarded-For changes nothing.
 *
 * An IPv6 client is counted by its /64, the block one household, phone or server is given: counted
 * address by address, one person had 2^64 addresses to spread attempts over (QA round 5).
 *
 * Without the peer header (the app run by `next dev` or a bare `next start` instead of
 * `npm start`), only the rightmost X-Forwarded-For entry is left to go on, which a client can forge.
 */
export function clientIp(headers: Headers): string {
  return addressForLimits(clientAddress((name) => headers.get(name)));
}

/** An IPv6 address as its /64 ("2001:db8:0:1::/64"); anything else (IPv4, unreadable) as it is. */
export function addressForLimits(address: string): string {
  if (!address.includes(":") || address.includes(".")) return address;
  const [head, tail, ...extra] = address.split("%")[0].toLowerCase().split("::");
  if (extra.length > 0) return address;
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(missing, 0)).fill("0"), ...tailGroups];
  if (groups.length !== 8 || !groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return address;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

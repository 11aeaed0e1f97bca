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
 * Without the peer header (the app run by `next dev` or a bare `next start` instead of
 * `npm start`), only the rightmost X-Forwarded-For entry is left to go on, which a client can forge.
 */
export function clientIp(headers: Headers): string {
  return clientAddress((name) => headers.get(name));
}

import "server-only";
import { lookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate, type ZlibOptions } from "node:zlib";
import { READING_FORMATS_IN_WORDS, READING_MEDIA_TYPES, type ReadingFormat } from "@/lib/documents/reading-limits";
import { AppError } from "@/lib/errors";
import { isPublicAddress } from "@/server/http/public-address";

/** A page fetched for import: its final address (after redirects), what it is, and its bytes. */
export type FetchedReading = { url: string; format: ReadingFormat; bytes: Uint8Array; charset: string | null };

export type FetchReadingOptions = {
  maxBytes: number;
  timeoutMs: number;
  /** Host names (as written in URLs) that may be fetched even on a private address: READING_URL_ALLOW_HOSTS. */
  allowHosts: ReadonlySet<string>;
  maxRedirects?: number;
};

/** READING_URL_ALLOW_HOSTS ("localhost,intranet.example") and READING_URL_TIMEOUT_SECONDS (15 by default). */
export function readFetchOptions(maxBytes: number, env: Record<string, string | undefined> = process.env): FetchReadingOptions {
  const seconds = Number(env.READING_URL_TIMEOUT_SECONDS);
  return {
    maxBytes,
    timeoutMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 15) * 1000,
    allowHosts: new Set(
      (env.READING_URL_ALLOW_HOSTS ?? "")
        .split(",")
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    ),
  };
}

/**
 * Fetches a page for import, safely (no SSRF). For every hop — the address given and each
 * redirect, which is followed by hand and checked again — the host name is resolved here, every
 * address it resolves to must be public (server/http/public-address.ts) unless the allow-list
 * names the host, and the connection is made to the address that was checked (the request's
 * `lookup` answers with it), so a DNS answer that changes between the check and the connection
 * (rebinding) changes nothing. IP literals in any spelling (decimal, octal, hex, IPv4-mapped IPv6)
 * reach the check already normalized by the URL parser. The whole fetch has one deadline; the body
 * is counted as it arrives and refused past the size limit; only the media types a reading can be
 * made from are accepted.
 */
export async function fetchReadingUrl(address: string, options: FetchReadingOptions): Promise<FetchedReading> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  let url = parseReadingUrl(address);
  for (let hop = 0; hop <= (options.maxRedirects ?? 5); hop++) {
    const response = await get(url, options, deadline);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.destroy();
      url = parseReadingUrl(new URL(location, url).href);
      continue;
    }
    if (!response.statusCode || response.statusCode < 200 || response.statusCode >= 300) {
      response.destroy();
      throw new AppError(
        "UNPROCESSABLE",
        `${url.host} answered ${response.statusCode} ${response.statusMessage ?? ""}`.trim() +
          ": check the address, or save the page and upload the file.",
      );
    }
    const contentType = response.headers["content-type"] ?? "";
    const mediaType = contentType.split(";")[0].trim().toLowerCase();
    const charset = /;\s*charset="?([\w.:-]+)"?/i.exec(contentType)?.[1]?.toLowerCase() ?? null;
    const format = READING_MEDIA_TYPES[mediaType];
    if (!format) {
      response.destroy();
      throw new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        `${url.href} is ${mediaType || "of no stated type"}, which cannot be read: give the address of a web page or of a ${READING_FORMATS_IN_WORDS} file.`,
      );
    }
    const bytes = await decode(
      await readBody(response, url, options.maxBytes, deadline),
      response.headers["content-encoding"],
      options.maxBytes,
    );
    return { url: url.href, format, bytes, charset };
  }
  throw new AppError(
    "UNPROCESSABLE",
    `${address} redirects more than ${options.maxRedirects ?? 5} times: give the address it finally lands on.`,
  );
}

function parseReadingUrl(address: string): URL {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new AppError("UNPROCESSABLE", `"${address}" is not a web address: give one such as https://example.org/article.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("UNPROCESSABLE", `Only http:// and https:// addresses can be imported, not ${url.protocol}.`);
  }
  if (url.username || url.password) throw new AppError("UNPROCESSABLE", "Give the address without a user name or password in it.");
  url.hash = "";
  return url;
}

const notPublic = (host: string) =>
  new AppError(
    "UNPROCESSABLE",
    `${host} is on a private or local network, which readings cannot be imported from. Save the page and upload the file instead.`,
  );

/**
 * Whether an address may be fetched, without connecting: parsed, resolved and checked exactly as
 * each hop of fetchReadingUrl is. Answers the address a connection would go to, or throws.
 */
export async function checkReadingUrl(address: string, options: Pick<FetchReadingOptions, "allowHosts">): Promise<string> {
  return (await resolveChecked(parseReadingUrl(address), options)).address;
}

/** The one address to connect to for this host, checked: all of its addresses must be public (or the host allow-listed). */
async function resolveChecked(url: URL, options: Pick<FetchReadingOptions, "allowHosts">): Promise<{ address: string; family: 4 | 6 }> {
  // "localhost." is "localhost": the root's dot is dropped before the allow-list and DNS see the name.
  const host = url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  const isAllowed = options.allowHosts.has(host);
  const family = isIP(host);
  if (family !== 0) {
    if (!isAllowed && !isPublicAddress(host)) throw notPublic(host);
    return { address: host, family: family as 4 | 6 };
  }
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new AppError("UNPROCESSABLE", `No such host: ${host}. Check the address.`);
  }
  if (addresses.length === 0) throw new AppError("UNPROCESSABLE", `No such host: ${host}. Check the address.`);
  // Every address, not just the first: a name with one public and one private address is refused.
  if (!isAllowed && addresses.some(({ address }) => !isPublicAddress(address))) throw notPublic(host);
  // IPv4 first, as browsers effectively do for "localhost": a server listening on 127.0.0.1 only is still reached.
  const chosen = addresses.find(({ family: each }) => each === 4) ?? addresses[0];
  return { address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

async function get(url: URL, options: FetchReadingOptions, deadline: AbortSignal): Promise<IncomingMessage> {
  const resolved = await resolveChecked(url, options);
  // Node asks this instead of DNS: the connection goes to the address just checked, never to a second answer.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as (error: null, addresses: object[]) => void)(null, [resolved]);
    else callback(null, resolved.address, resolved.family);
  };
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: "GET",
        lookup: pinned,
        signal: deadline,
        headers: {
          "user-agent": "Marginalia reading import",
          accept: "text/html,application/xhtml+xml,application/pdf,application/epub+zip,text/plain;q=0.9,*/*;q=0.5",
          "accept-encoding": "identity",
        },
      },
      resolve,
    );
    outgoing.on("error", (error) => reject(networkError(url, error, deadline)));
    outgoing.end();
  });
}

function networkError(url: URL, error: Error, deadline: AbortSignal): AppError {
  if (deadline.aborted) return timedOut(url);
  return new AppError(
    "UNPROCESSABLE",
    `${url.host} could not be reached (${(error as NodeJS.ErrnoException).code ?? error.message}): check the address.`,
  );
}

const timedOut = (url: URL) =>
  new AppError("UNPROCESSABLE", `${url.host} did not answer in time: try again later, or save the page and upload the file.`);

const tooLarge = (maxBytes: number) =>
  new AppError(
    "PAYLOAD_TOO_LARGE",
    `The page is larger than ${Math.round(maxBytes / (1024 * 1024))} MB: save the part you need and upload it, or ask whoever runs this site to raise READING_MAX_MB.`,
  );

async function readBody(response: IncomingMessage, url: URL, maxBytes: number, deadline: AbortSignal): Promise<Uint8Array> {
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        response.destroy();
        throw tooLarge(maxBytes);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw deadline.aborted ? timedOut(url) : new AppError("UNPROCESSABLE", "The page stopped sending halfway: try again.");
  }
  return Buffer.concat(chunks);
}

/**
 * We ask for no compression; a server that compresses anyway is decoded within the same size limit,
 * on libuv's threads: on the server's own, a 317-byte brotli body expanding to the limit held every
 * other request ~60 ms before its 413.
 */
async function decode(bytes: Uint8Array, encoding: string | undefined, maxBytes: number): Promise<Uint8Array> {
  const name = (encoding ?? "identity").trim().toLowerCase();
  if (name === "identity" || name === "") return bytes;
  const decoder = DECODERS.get(name);
  if (!decoder) throw new AppError("UNSUPPORTED_MEDIA_TYPE", `The page is sent with a compression (${name}) that cannot be read.`);
  try {
    return await decoder(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxBytes);
    throw new AppError("UNPROCESSABLE", "The page's compressed body is damaged: try again.");
  }
}

const DECODERS = new Map<string, (bytes: Uint8Array, options: ZlibOptions) => Promise<Buffer>>([
  ["gzip", promisify(gunzip)],
  ["x-gzip", promisify(gunzip)],
  ["deflate", promisify(inflate)],
  ["br", promisify(brotliDecompress)],
]);

import "server-only";
import { inflateRawSync } from "node:zlib";
import { AppError } from "@/lib/errors";

/**
 * The files of a ZIP archive (.docx and .epub are ZIPs), read from memory with a budget: the sizes
 * the archive declares are added up before anything is inflated, and each entry is inflated with
 * zlib's `maxOutputLength` set to the size it declares, so an entry that lies about its size stops
 * at that size instead of filling memory. A zip bomb — 42.zip, overlapping entries, a small entry
 * that inflates to gigabytes — is refused (413), never unpacked. Encrypted entries, ZIP64 and
 * compression methods other than stored and deflate are refused as unreadable (422).
 */
export type ZipArchive = {
  names: string[];
  has(name: string): boolean;
  /** The entry's bytes (inflated on first read), or null when the archive has no such entry. */
  read(name: string): Uint8Array | null;
  readText(name: string): string | null;
};

export type ZipLimits = { maxUnzippedBytes: number; maxEntries: number; what: string };

type Entry = { method: number; compressedSize: number; size: number; localHeaderOffset: number; isEncrypted: boolean };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

export function readZipArchive(bytes: Uint8Array, limits: ZipLimits): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (why: string) =>
    new AppError("UNPROCESSABLE", `This ${limits.what} file is damaged (${why}): open it and save it again, then upload the new copy.`);

  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) throw corrupt("it is not a ZIP archive");
  const entryCount = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (entryCount === 0xffff || directoryOffset === 0xffffffff) {
    throw new AppError("UNPROCESSABLE", `This ${limits.what} file uses ZIP64, which is only needed for files far larger than a reading.`);
  }
  if (entryCount > limits.maxEntries) {
    throw new AppError("PAYLOAD_TOO_LARGE", `This ${limits.what} file holds ${entryCount} files; at most ${limits.maxEntries} are read.`);
  }
  if (directoryOffset + directorySize > bytes.byteLength) throw corrupt("its table of contents points past its end");

  const entries = new Map<string, Entry>();
  let declaredTotal = 0;
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== CENTRAL_SIGNATURE)
      throw corrupt("its table of contents is broken");
    const flags = view.getUint16(offset + 8, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const entry: Entry = {
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
      isEncrypted: (flags & 1) === 1,
    };
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    declaredTotal += entry.size;
    if (!entries.has(name)) entries.set(name, entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  const tooLarge = () =>
    new AppError(
      "PAYLOAD_TOO_LARGE",
      `This ${limits.what} file unpacks to more than ${Math.round(limits.maxUnzippedBytes / (1024 * 1024))} MB, so it was not unpacked ` +
        "(it may be a zip bomb). Remove large images or split it, or ask whoever runs this site to raise READING_MAX_UNZIPPED_MB.",
    );
  if (declaredTotal > limits.maxUnzippedBytes) throw tooLarge();

  let inflatedTotal = 0;
  const cache = new Map<string, Uint8Array>();
  const read = (name: string): Uint8Array | null => {
    const cached = cache.get(name);
    if (cached) return cached;
    const entry = entries.get(name);
    if (!entry) return null;
    if (entry.isEncrypted)
      throw new AppError("UNPROCESSABLE", `This ${limits.what} file is password-protected: save a copy without a password.`);
    const header = entry.localHeaderOffset;
    if (header + 30 > bytes.byteLength || view.getUint32(header, true) !== LOCAL_SIGNATURE)
      throw corrupt(`"${name}" cannot be found in it`);
    const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
    if (start + entry.compressedSize > bytes.byteLength) throw corrupt(`"${name}" is cut short`);
    const data = bytes.subarray(start, start + entry.compressedSize);
    // Every byte inflated counts against one budget, so entries that share their data (overlapping bombs) add up too.
    if (inflatedTotal + entry.size > limits.maxUnzippedBytes) throw tooLarge();
    let content: Uint8Array;
    if (entry.method === 0) {
      content = data;
    } else if (entry.method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
      } catch (error) {
        if (error instanceof RangeError) throw tooLarge();
        throw corrupt(`"${name}" does not unpack`);
      }
    } else {
      throw new AppError("UNPROCESSABLE", `This ${limits.what} file compresses "${name}" in a way that cannot be read: save it again.`);
    }
    if (content.byteLength !== entry.size) throw corrupt(`"${name}" is not the size it says`);
    inflatedTotal += content.byteLength;
    cache.set(name, content);
    return content;
  };
  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    read,
    readText: (name) => {
      const content = read(name);
      return content ? new TextDecoder().decode(content).replace(/^\uFEFF/, "") : null;
    },
  };
}

/** The end-of-central-directory record sits in the last 22 bytes plus at most a 64 KB comment. */
function findEndOfCentralDirectory(view: DataView): number {
  for (let offset = view.byteLength - 22; offset >= Math.max(0, view.byteLength - 22 - 0xffff); offset--) {
    if (view.getUint32(offset, true) === EOCD_SIGNATURE) return offset;
  }
  return -1;
}

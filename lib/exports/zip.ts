/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3): STORE only, no compression — Markdown notes are
 * small and the point is one download with one file per document, not saving bytes. Local file
 * headers, then the central directory, then the end record; names are flagged UTF-8 (bit 11) so
 * "Über.md" unpacks as written. No ZIP64: refuses more than 65,535 files or 4 GiB.
 */
export type ZipEntry = { name: string; data: Uint8Array | string; modifiedAt?: Date };

const UTF8_FLAG = 0x0800;
const VERSION = 20; // 2.0: the version every unzip reads
const MAX_UINT32 = 0xffffffff;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, the polynomial ZIP and PNG use). */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let index = 0; index < data.length; index += 1) crc = CRC_TABLE[(crc ^ data[index]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time (local time, 2-second resolution, 1980–2107), as ZIP stores them. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

export function createZip(entries: ZipEntry[]): Uint8Array<ArrayBuffer> {
  const writer = new ZipWriter();
  const parts = [...entries.map((entry) => writer.add(entry)), writer.finish()];
  const zip = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let position = 0;
  for (const part of parts) {
    zip.set(part, position);
    position += part.length;
  }
  return zip;
}

/**
 * A ZIP written an entry at a time (a streamed export holds one file in memory, not the archive):
 * `add` returns the entry's local header and data, `finish` the central directory and end record.
 */
export class ZipWriter {
  private readonly encoder = new TextEncoder();
  private readonly seen = new Set<string>();
  private readonly centrals: Uint8Array[] = [];
  private offset = 0;

  add(entry: ZipEntry): Uint8Array<ArrayBuffer> {
    if (this.seen.size >= 0xffff) throw new Error("A ZIP without ZIP64 holds at most 65,535 files.");
    if (entry.name === "" || this.seen.has(entry.name)) throw new Error(`ZIP entry names must be unique and non-empty: "${entry.name}".`);
    this.seen.add(entry.name);
    const name = this.encoder.encode(entry.name);
    const data = typeof entry.data === "string" ? this.encoder.encode(entry.data) : entry.data;
    const crc = crc32(data);
    const stamp = dosDateTime(entry.modifiedAt ?? new Date());

    const local = new Uint8Array(30 + name.length + data.length);
    const header = new DataView(local.buffer);
    header.setUint32(0, 0x04034b50, true); // local file header signature
    header.setUint16(4, VERSION, true);
    header.setUint16(6, UTF8_FLAG, true);
    header.setUint16(8, 0, true); // method: STORE
    header.setUint16(10, stamp.time, true);
    header.setUint16(12, stamp.date, true);
    header.setUint32(14, crc, true);
    header.setUint32(18, data.length, true); // compressed size
    header.setUint32(22, data.length, true); // uncompressed size
    header.setUint16(26, name.length, true);
    header.setUint16(28, 0, true); // extra field length
    local.set(name, 30);
    local.set(data, 30 + name.length);

    const central = new Uint8Array(46 + name.length);
    const record = new DataView(central.buffer);
    record.setUint32(0, 0x02014b50, true); // central directory header signature
    record.setUint16(4, (3 << 8) | VERSION, true); // made by: Unix, so the mode below is read
    record.setUint16(6, VERSION, true);
    record.setUint16(8, UTF8_FLAG, true);
    record.setUint16(10, 0, true);
    record.setUint16(12, stamp.time, true);
    record.setUint16(14, stamp.date, true);
    record.setUint32(16, crc, true);
    record.setUint32(20, data.length, true);
    record.setUint32(24, data.length, true);
    record.setUint16(28, name.length, true);
    // extra length, comment length, disk number, internal attributes: all 0
    record.setUint32(38, (0o100644 << 16) >>> 0, true); // external attributes: a regular file, rw-r--r--
    record.setUint32(42, this.offset, true);
    central.set(name, 46);

    this.centrals.push(central);
    this.offset += local.length;
    if (this.offset > MAX_UINT32) throw new Error("A ZIP without ZIP64 holds at most 4 GiB.");
    return local;
  }

  finish(): Uint8Array<ArrayBuffer> {
    const centralSize = this.centrals.reduce((sum, part) => sum + part.length, 0);
    const tail = new Uint8Array(centralSize + 22);
    let position = 0;
    for (const central of this.centrals) {
      tail.set(central, position);
      position += central.length;
    }
    const endView = new DataView(tail.buffer, centralSize);
    endView.setUint32(0, 0x06054b50, true); // end of central directory signature
    endView.setUint16(8, this.centrals.length, true); // entries on this disk
    endView.setUint16(10, this.centrals.length, true); // entries in total
    endView.setUint32(12, centralSize, true);
    endView.setUint32(16, this.offset, true); // where the central directory starts
    return tail;
  }
}

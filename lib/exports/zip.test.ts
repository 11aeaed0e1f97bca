import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { crc32, createZip } from "./zip";

const hasUnzip = (() => {
  try {
    execFileSync("which", ["unzip"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
})();

const directory = mkdtempSync(path.join(tmpdir(), "marginalia-zip-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const entries = [
  { name: "first-essay.md", data: "# First\n\n> a quote\n", modifiedAt: new Date(2025, 2, 4, 5, 6, 8) },
  { name: "Über-ünïcode.md", data: "Grüße — “quotes” 🙂\n" },
  { name: "empty.md", data: "" },
  { name: "bytes.bin", data: new Uint8Array([0, 1, 2, 255]) },
];

function writeZip(name: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, createZip(entries));
  return file;
}

/** The central directory, read the way any unzip finds it: from the end record. */
function readCentralDirectory(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const files: { name: string; crc: number; size: number; flags: number; method: number; data: Uint8Array }[] = [];
  for (let index = 0; index < count; index += 1) {
    expect(view.getUint32(offset, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(offset + 28, true);
    const localOffset = view.getUint32(offset + 42, true);
    const size = view.getUint32(offset + 24, true);
    expect(view.getUint32(localOffset, true)).toBe(0x04034b50);
    const localNameLength = view.getUint16(localOffset + 26, true);
    const dataStart = localOffset + 30 + localNameLength + view.getUint16(localOffset + 28, true);
    files.push({
      name: new TextDecoder().decode(zip.subarray(offset + 46, offset + 46 + nameLength)),
      crc: view.getUint32(offset + 16, true),
      size,
      flags: view.getUint16(offset + 8, true),
      method: view.getUint16(offset + 10, true),
      data: zip.subarray(dataStart, dataStart + size),
    });
    offset += 46 + nameLength;
  }
  return files;
}

describe("crc32", () => {
  it("matches the standard check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe("createZip", () => {
  it("writes a central directory that names every file, UTF-8 flagged and stored, with the right contents", () => {
    const files = readCentralDirectory(createZip(entries));
    expect(files.map((file) => file.name)).toEqual(entries.map((entry) => entry.name));
    for (const [index, file] of files.entries()) {
      const expected = typeof entries[index].data === "string" ? new TextEncoder().encode(entries[index].data) : entries[index].data;
      expect(file).toMatchObject({ flags: 0x0800, method: 0, size: expected.length, crc: crc32(expected) });
      expect([...file.data]).toEqual([...expected]);
    }
  });

  it("writes an empty archive as just the end record", () => {
    expect(createZip([])).toHaveLength(22);
  });

  it("refuses duplicate names", () => {
    expect(() =>
      createZip([
        { name: "a.md", data: "" },
        { name: "a.md", data: "" },
      ]),
    ).toThrow(/unique/);
  });

  it.skipIf(!hasUnzip)("is read back by unzip: the listing, the integrity test and every file's bytes", () => {
    const file = writeZip("notes.zip");
    const listing = execFileSync("unzip", ["-l", file], { encoding: "utf8" });
    for (const entry of entries) expect(listing).toContain(entry.name);
    expect(listing).toContain("2025-03-04 05:06");
    expect(execFileSync("unzip", ["-t", file], { encoding: "utf8" })).toContain("No errors detected");
    expect(execFileSync("unzip", ["-p", file, "first-essay.md"], { encoding: "utf8" })).toBe("# First\n\n> a quote\n");
    expect(execFileSync("unzip", ["-p", file, "Über-ünïcode.md"], { encoding: "utf8" })).toBe("Grüße — “quotes” 🙂\n");
    expect([...execFileSync("unzip", ["-p", file, "bytes.bin"])]).toEqual([0, 1, 2, 255]);
  });
});

// Reading the CSV downloads back in tests: rows as records by column name.
import type { NotesFileStream } from "@/lib/exports/notes-file-stream";

/** A CSV's rows as records by column name (RFC 4180 quoting; the byte order mark dropped). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [[]];
  let field = "";
  let quoted = false;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (quoted && char === '"' && input[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ",") {
      rows[rows.length - 1].push(field);
      field = "";
    } else if (!quoted && char === "\r" && input[i + 1] === "\n") {
      rows[rows.length - 1].push(field);
      rows.push([]);
      field = "";
      i++;
    } else {
      field += char;
    }
  }
  const [head, ...body] = rows.filter((row) => row.length > 0);
  return body.map((cells) => Object.fromEntries(head.map((name, index) => [name, cells[index] ?? ""])));
}

export async function readCsv(file: NotesFileStream | Response): Promise<Record<string, string>[]> {
  const body = file instanceof Response ? file.body! : file.body;
  const parts: Uint8Array[] = [];
  const reader = body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parts.push(chunk.value);
  return parseCsv(Buffer.concat(parts).toString("utf8"));
}

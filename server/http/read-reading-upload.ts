import "server-only";
import { AppError } from "@/lib/errors";
import { readReadingMaxBytes } from "@/lib/documents/reading-limits";
import { readBoundedBody } from "./read-json-file";

/**
 * What a request to add a reading carried, before the domain judges it
 * (server/documents/read-reading-input.ts): a JSON body, or a multipart form with one `file` and
 * text fields. Everything stays in memory — the body is counted as it arrives and refused past the
 * limit — so no uploaded byte is ever written to disk, and none outlives the request.
 */
export type ReadingUpload =
  | { kind: "json"; body: unknown }
  | { kind: "form"; fields: Record<string, string>; file: { name: string; type: string; bytes: Uint8Array } | null };

/** Room for a form's boundaries and text fields around the file itself. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export async function readReadingUpload(request: Request): Promise<ReadingUpload> {
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (contentType !== "application/json" && contentType !== "multipart/form-data") {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the reading as JSON ({ text }, { markdown } or { url }) or as a multipart form with a `file` (.txt, .md, .html, .docx, .epub or .pdf).",
    );
  }
  const maxBytes = readReadingMaxBytes();
  const limit = maxBytes + FORM_OVERHEAD_BYTES;
  const tooLarge = new AppError(
    "PAYLOAD_TOO_LARGE",
    `The reading is too large: at most ${formatMegabytes(maxBytes)}. Split it into parts, or ask whoever runs this site to raise READING_MAX_MB.`,
  );
  const bytes = await readBoundedBody(request, limit, tooLarge);

  if (contentType === "application/json") {
    try {
      return { kind: "json", body: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as unknown };
    } catch {
      throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
    }
  }

  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new AppError("BAD_REQUEST", "The form could not be read: send it as multipart/form-data with a `file` field.");
  }
  const fields: Record<string, string> = {};
  let file: { name: string; type: string; bytes: Uint8Array } | null = null;
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") {
      if (name in fields) throw new AppError("BAD_REQUEST", `The form sends "${name}" twice: send it once.`);
      fields[name] = value;
    } else if (name === "file") {
      if (file) throw new AppError("BAD_REQUEST", "Send one file at a time.");
      if (value.size > maxBytes) throw tooLarge;
      file = { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
    } else {
      throw new AppError("BAD_REQUEST", `Unexpected file field "${name}": send the reading as \`file\`.`);
    }
  }
  return { kind: "form", fields, file };
}

function formatMegabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString("en", { maximumFractionDigits: 1 })} MB`;
}

// Part of the API client (components/api/api-client.ts: its errors, wording and requests), kept
// apart so that pages which make none of these requests, the reading page among them, do not load them
// (its export loads them on a first download).
import { call, DEFAULT_WORDING, documentPath, send } from "./api-client";

export type ImportSummary = {
  imported: number;
  alreadyImported: number;
  replies: number;
  orphans: { sourceId: string; quote: string; reason: string }[];
};

export const notesApi = {
  /** The file's text is sent as it is: the server reads W3C JSON-LD and Hypothesis exports. */
  importFile: (slug: string, fileText: string) =>
    call<ImportSummary>(
      "POST",
      `${documentPath(slug)}/import`,
      { text: fileText },
      { ...DEFAULT_WORDING, failed: (status) => `The import failed (${status}). Nothing was imported.` },
    ),
  /** A download's response, for reading its body with progress (see components/common/download-with-progress.ts). */
  download: (url: string) => send("GET", url, undefined, { ...DEFAULT_WORDING, failed: (status) => `The export failed (${status}).` }),
};

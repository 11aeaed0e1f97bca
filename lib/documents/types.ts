import type { TextStructure } from "./structure";

/** A document as the reading page needs it: metadata plus its current version's text. */
export type ReadableDocument = {
  id: string;
  slug: string;
  title: string;
  author: string | null;
  /** The reading's language (a BCP 47 tag) when its owner gave one: the page marks the text with it. */
  language: string | null;
  readingMinutes: number;
  version: { id: string; number: number; text: string; structure: TextStructure | null };
  /** What the viewer may do with the reading itself (server/authz/documents.ts). */
  permissions: ReadingPermissions;
};

/** What the viewer may do with a reading (server/authz/documents.ts decides; the page shows buttons from it). */
export type ReadingPermissions = {
  annotate: boolean;
  update: boolean;
  share: boolean;
  delete: boolean;
  /** The owner may share it with everyone: the deployment allows public readings. */
  shareWithEveryone: boolean;
};

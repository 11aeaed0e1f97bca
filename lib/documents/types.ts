/** A document as the reading page needs it: metadata plus its current version's text. */
export type ReadableDocument = {
  id: string;
  slug: string;
  title: string;
  author: string | null;
  readingMinutes: number;
  version: { id: string; number: number; text: string };
};

import type { HighlightColor } from "@/lib/annotations/colors";

/**
 * Annotations read from another tool's file, before they are anchored in one of our documents.
 * Every reader (W3C Web Annotation, Hypothesis) produces this one shape, so anchoring, limits and
 * idempotency are decided once, on the server.
 */
export type ImportedAnnotation = {
  /** The annotation's id in the file (an IRI or the other tool's id); "" when it has none. */
  sourceId: string;
  /** Null when the file does not say which words are annotated (a page note, another selector). */
  quote: { exact: string; prefix?: string; suffix?: string } | null;
  /** UTF-16 offsets as the other tool counted them: a hint, checked against the quote. */
  position?: { start: number; end: number };
  /** The comment as Markdown (ours and Hypothesis write Markdown; an HTML body is read as Markdown: read-web-annotations.ts). */
  body: string;
  tags: string[];
  /** The source id of the annotation this one replies to. */
  replyToSourceId?: string;
  /**
   * Who wrote it, as the file names them (a W3C `creator`'s id, else its name; Hypothesis's "acct:"
   * user), when it does: an item someone other than the importer wrote is not imported as the
   * importer's own words (whose-words.ts).
   */
  creator?: string;
  /** When the other tool says it was made (ISO 8601), if it does. */
  created?: string;
  /** The highlight colour, when the file gives one of our palette's (our own exports do). */
  color?: HighlightColor;
  /**
   * The page or reading the file says the item annotates: its address, and its title when the
   * file names it (Hypothesis does; W3C targets give only the address).
   */
  source?: { uri: string; title?: string };
};

/**
 * What a reader found: the annotations it could read, and one human-readable line for each item it
 * could not ("annotation 3 (https://…/a1): target must be …"). An import with problems writes nothing.
 */
export type ReadResult = {
  items: ImportedAnnotation[];
  problems: string[];
  /** Who the file says exported it (Hypothesis's `export_userid`), when it says. */
  exporter?: string;
};

export type AnnotationFileFormat = "w3c" | "hypothesis";

import type { HighlightColor } from "@/lib/annotations/colors";
import type { AnnotationDto, TextPositionSelectorDto, TextQuoteSelectorDto } from "@/lib/annotations/types";
import { scopeLabel } from "@/lib/annotations/scopes";
import { annotationUrl, groupRepliesByThread, placeOf, readingPageUrl, type DocumentNotes } from "./document-notes";

/**
 * Notes in the JSON file Hypothesis's client writes from "Export annotations" and reads back
 * with "Import", so they can move into Hypothesis (or any tool that reads its format).
 *
 * Modelled on hypothesis/client `src/sidebar/services/annotations-exporter.tsx`
 * (`buildJSONExportContent`, `JSONExportContent`; commit 1cfa0973c2ac1837e992c36c6c819c5baccb7336)
 * and the annotation shape `APIAnnotationData` in `src/types/api.ts`
 * (commit 02b252fd76458b1685ed4c098956d178a4092696), which mirrors h's API.
 *
 * Mapping decisions:
 * - `uri` and every target's `source` are the absolute reading-page URL; `user` is
 *   `acct:<userId>@marginalia` (h's `acct:username@authority` form, with our own authority).
 * - Who may read is said the way h says it: `group` is always the public group `__world__`, and
 *   an annotation not shared with everyone has `permissions.read` = its thread's author instead
 *   of `group:__world__` (h's own "Only me" in the Public group): h has no name for our groups, so
 *   a group's or its instructors' note says the least it can, never more. A reply is readable like
 *   its thread; feedback only by the student it is on and its writer. `marginalia.audience` says
 *   who could read it here, in the words the page uses ("Group: Seminar A").
 * - Selectors are our TextQuoteSelector and TextPositionSelector; h's RangeSelector (XPaths
 *   into the page's DOM) is omitted. Replies target the page with no selector and name their
 *   thread in `references`, as h's replies do.
 * - `document.title` is a list, as h's API serves it.
 * - A deleted annotation kept for its replies has nothing to export, and neither have its replies:
 *   their `references` would name an annotation that is in no file and no longer exists (the W3C
 *   JSON-LD export leaves them out alike). Markdown and CSV, read by people, keep the thread as
 *   "(deleted)" with its quote, which a Hypothesis annotation cannot say.
 * - Hypothesis has no colours. A highlight's colour goes in `marginalia.color`, one field of our
 *   own, so that our import reads it back (lib/imports/read-hypothesis.ts): Hypothesis's importer
 *   copies only `target`, `text`, `tags`, `uri` and `document` (client
 *   `src/sidebar/services/import-annotations.ts`), and h keeps fields it does not know in an
 *   annotation's `extra`, so the field neither breaks an import into Hypothesis nor is mistaken
 *   for one of theirs. An annotation that needs a new place (no place on the reading's latest
 *   version; its selectors are of the version it was written on) says so there too:
 *   `marginalia.place` = "needs a new place".
 */
export const HYPOTHESIS_AUTHORITY = "marginalia";
export const HYPOTHESIS_PUBLIC_GROUP = "__world__";

export type HypothesisAnnotation = {
  id: string;
  created: string;
  updated: string;
  user: string;
  uri: string;
  text: string;
  tags: string[];
  group: string;
  permissions: { read: string[]; update: string[]; delete: string[] };
  target: { source: string; selector?: (TextQuoteSelectorDto | TextPositionSelectorDto)[] }[];
  document: { title: string[] };
  links: { html: string; incontext: string };
  references?: string[];
  /**
   * Ours, not Hypothesis's: the highlight colour of a thread (replies have none), and `place` for
   * one whose words a later version removed (its selectors are of the version it was written on).
   */
  marginalia?: { color?: HighlightColor; place?: "needs a new place"; audience?: string };
  user_info: { display_name: string | null };
  hidden: boolean;
  flagged: boolean;
};

export type HypothesisExport = {
  export_date: string;
  export_userid: string;
  client_version: string;
  annotations: HypothesisAnnotation[];
};

export type HypothesisExportOptions = {
  origin: string;
  /** Who exported: becomes `export_userid`. */
  viewerId: string;
  exportedAt: Date;
  /** Hypothesis writes its own version here; we write ours. */
  clientVersion?: string;
};

export function hypothesisUserId(userId: string): string {
  return `acct:${userId}@${HYPOTHESIS_AUTHORITY}`;
}

export function toHypothesisExport(documents: DocumentNotes[], options: HypothesisExportOptions): HypothesisExport {
  const annotations: HypothesisAnnotation[] = [];
  for (const { document, annotations: threads, replies } of documents) {
    const repliesByThread = groupRepliesByThread(replies);
    for (const thread of threads) annotations.push(...toHypothesisThread(document, thread, repliesByThread.get(thread.id) ?? [], options));
  }
  return { ...hypothesisEnvelope(options), annotations };
}

/** Everything in the file but its annotations. */
export function hypothesisEnvelope({
  viewerId,
  exportedAt,
  clientVersion = "marginalia",
}: HypothesisExportOptions): Omit<HypothesisExport, "annotations"> {
  return { export_date: exportedAt.toISOString(), export_userid: hypothesisUserId(viewerId), client_version: clientVersion };
}

/** A thread and its replies (oldest first) in Hypothesis's shape; nothing for a deleted thread, nor its replies. */
export function toHypothesisThread(
  document: DocumentNotes["document"],
  thread: AnnotationDto,
  replies: AnnotationDto[],
  { origin }: Pick<HypothesisExportOptions, "origin">,
): HypothesisAnnotation[] {
  if (thread.isDeleted) return [];
  const uri = readingPageUrl(origin, document.slug);
  const convert = (annotation: AnnotationDto): HypothesisAnnotation => {
    const user = hypothesisUserId(annotation.author.id);
    const link = annotationUrl(origin, document.slug, annotation.id);
    const feedbackOn = annotation.isFeedback ? annotation.feedbackOn : null;
    const readers = feedbackOn
      ? [...new Set([hypothesisUserId(feedbackOn.author.id), user])]
      : [thread.visibility === "everyone" ? `group:${HYPOTHESIS_PUBLIC_GROUP}` : hypothesisUserId(thread.author.id)];
    const audience = feedbackOn
      ? `Feedback to ${feedbackOn.author.name} (they and the instructors)`
      : scopeLabel(thread.visibility, thread.groupName);
    const marginalia = { ...(annotation.parentId ? null : ownFields(annotation)), audience };
    return {
      id: annotation.id,
      created: annotation.createdAt,
      updated: annotation.updatedAt,
      user,
      uri,
      text: annotation.body,
      tags: annotation.tags,
      group: HYPOTHESIS_PUBLIC_GROUP,
      permissions: {
        read: readers,
        update: [user],
        delete: [user],
      },
      target: annotation.target && !annotation.parentId ? [{ source: uri, selector: [...annotation.target.selector] }] : [{ source: uri }],
      document: { title: [document.title] },
      links: { html: link, incontext: link },
      ...(annotation.parentId && { references: [annotation.parentId] }),
      marginalia,
      user_info: { display_name: annotation.author.name },
      hidden: false,
      flagged: false,
    };
  };
  return [thread, ...replies].map(convert);
}

/** A thread's `marginalia` fields: its colour, and whether it needs a new place; null when it has neither. */
function ownFields(thread: AnnotationDto): HypothesisAnnotation["marginalia"] | null {
  const needsNewPlace = placeOf(thread, undefined)?.needsNewPlace ?? false;
  if (!thread.color && !needsNewPlace) return null;
  return { ...(thread.color && { color: thread.color }), ...(needsNewPlace && { place: "needs a new place" as const }) };
}

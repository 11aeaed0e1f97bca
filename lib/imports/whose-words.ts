import { annotationIri } from "@/lib/annotations/web-annotation";
import { HYPOTHESIS_AUTHORITY } from "@/lib/exports/hypothesis-json";
import type { ImportedAnnotation } from "./types";

/**
 * Whose words an item of an imported file holds: the importer's, someone else's, or — in another
 * tool's file of several writers that does not say whose it is — nobody can tell.
 */
export type WhoseWords = "mine" | "someone else's" | "unknown";

/**
 * Decides, for each item of a file, whether its words are the importer's: an import makes every
 * item the importer's own note, so an item someone else wrote (a classmate's thread in a group
 * export, an instructor's feedback) must never come in.
 *
 * Who wrote an item is what the file's `creator` (W3C) or `user` (Hypothesis) says:
 * - No writer named: the importer's own file, as every file was before writers were read (other
 *   tools often leave them out).
 * - One of our accounts — our Hypothesis export's `acct:<userId>@marginalia`, or our JSON-LD
 *   export's `<origin>/users/<userId>` on an item whose id is that origin's annotation IRI: here
 *   we know exactly who the importer is, so it is theirs only when the id is theirs. The file's
 *   own claims (its `export_userid`) are not trusted over that: a classmate's export says the
 *   classmate exported it.
 * - Another tool's account ("acct:ayesha@hypothes.is", a name): we cannot tell which one is the
 *   importer, so, as for a file without writers, the file is taken to be the importer's own and its
 *   owner is its exporter (Hypothesis's `export_userid`), or, when it names none, its only writer.
 *   A file of several such writers that does not say whose it is could make anyone's words the
 *   importer's: none of theirs is imported.
 * The file is the importer's to write, so this keeps anyone from mistaking whose words a file
 * holds, not from forging it: anyone may type any words as a note of their own.
 */
export function whoseWordsTest(
  viewerId: string,
  items: ImportedAnnotation[],
  exporter: string | undefined,
  accountsHere: ReadonlySet<string>,
): (item: ImportedAnnotation) => WhoseWords {
  // An account of ours that this server does not have is another Marginalia server's (a move from
  // one server to another, README): for this file it is a foreign writer like any other tool's.
  const accountOf = (item: ImportedAnnotation) => {
    const account = ourAccountOf(item);
    return account !== null && accountsHere.has(account) ? account : null;
  };
  const othersWriters = new Set(items.flatMap((item) => (item.creator && accountOf(item) === null ? [item.creator] : [])));
  const [onlyWriter] = othersWriters;
  // A file's only foreign writer is its owner only when it holds nobody else's words: beside our
  // accounts' items it is one more person, not the importer (QA round 5).
  const hasAccountsHere = items.some((item) => accountOf(item) !== null);
  const fileOwner = exporter ?? (othersWriters.size === 1 && !hasAccountsHere ? onlyWriter : undefined);
  return (item) => {
    if (!item.creator) return "mine";
    const account = accountOf(item);
    if (account !== null) return account === viewerId ? "mine" : "someone else's";
    if (fileOwner === undefined) return "unknown";
    return item.creator === fileOwner ? "mine" : "someone else's";
  };
}

/** The id of the account of ours (on some Marginalia server) that wrote an item, or null when its writer is not one of ours. */
export function ourAccountOf(item: Pick<ImportedAnnotation, "creator" | "sourceId">): string | null {
  const creator = item.creator ?? "";
  const hypothesisAccount = /^acct:([^@/]+)@(.+)$/.exec(creator);
  if (hypothesisAccount) return hypothesisAccount[2] === HYPOTHESIS_AUTHORITY ? hypothesisAccount[1] : null;
  // Our JSON-LD export: the creator `<origin>/users/<id>` beside the id `<origin>/api/annotations/<id>`.
  // Another tool's `…/users/…` creator, on ids of its own, is that tool's account, not ours.
  const userIri = /^(.*)\/users\/([^/?#]+)$/.exec(creator);
  if (!userIri) return null;
  const [, origin, userId] = userIri;
  return item.sourceId.startsWith(annotationIri(origin, "")) ? userId : null;
}

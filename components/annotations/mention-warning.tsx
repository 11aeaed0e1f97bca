"use client";
import { soleCandidateFor, type MentionCandidate } from "@/lib/notifications/find-mentions";

type Props = {
  id: string;
  /** The "@word"s that name nobody in full (findUnmatchedMentions). */
  words: readonly string[];
  candidates: readonly MentionCandidate[];
  /** "note" in the editor, "thread" under a reply. */
  audience: "note" | "thread";
  /** "Save" or "Send": pressing it again keeps the words as plain text. */
  submitVerb: "Save" | "Send";
  /** Write `word` out as the member's full name and mention them. */
  onComplete: (word: string, member: MentionCandidate) => void;
};

/**
 * Why an "@word" will notify nobody, and what to do about it. Where the word can only mean one
 * member ("@Tara" for "Tara Student", the only one whose name begins so), a button mentions them:
 * a typed first name was refused with no way on but retyping it through the list.
 */
export function MentionWarning({ id, words, candidates, audience, submitVerb, onComplete }: Props) {
  const list = words.map((word) => `“${word}”`).join(", ");
  const keep = `${submitVerb} again to keep ${words.length === 1 ? "it" : "them"} as plain text.`;
  if (candidates.length === 0)
    return (
      <span id={id} className="field__error">
        {list} will notify nobody: only a note to a group can mention its members. {keep}
      </span>
    );
  const completions = words.flatMap((word) => {
    const member = soleCandidateFor(word, candidates);
    return member ? [{ word, member }] : [];
  });
  return (
    <span id={id} className="field__error mention-warning">
      {list} {words.length === 1 ? "is not the full name" : "are not full names"} of anyone who can see this {audience}: type @ and choose a
      name from the list{completions.length > 0 ? ", or mention whom you meant" : ""}. {keep}
      {completions.map(({ word, member }) => (
        <button key={word} type="button" className="button button--small button--quiet" onClick={() => onComplete(word, member)}>
          Mention {member.name}
        </button>
      ))}
    </span>
  );
}

/** The warning once `word` is taken care of: null when no word is left to warn about. */
export function withoutWord(words: readonly string[] | null, word: string): readonly string[] | null {
  const rest = words?.filter((other) => other !== word) ?? [];
  return rest.length > 0 ? rest : null;
}

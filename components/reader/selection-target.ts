import { describeTextRange } from "@/lib/anchoring/text-quote";
import { parseScopeKey, type ReaderGroup } from "@/lib/annotations/scopes";

/** A passage of the document's text as an annotation's target: its W3C selectors, and each alone for the optimistic card. */
export function describeTarget(text: string, start: number, end: number) {
  const { quote, position } = describeTextRange(text, start, end);
  return { selector: [quote, position] as [typeof quote, typeof position], quote, position };
}

/** The group a scope key names, for an optimistic card's label; null for private and public scopes. */
export function groupNameOf(groups: readonly ReaderGroup[], key: string): string | null {
  return groups.find((group) => group.id === parseScopeKey(key)?.groupId)?.name ?? null;
}

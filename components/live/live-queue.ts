import type { ReaderGroup } from "@/lib/annotations/scopes";
import type { LiveAnnotationMessage, LivePresenceMessage } from "@/lib/live/protocol";

/**
 * Others' changes waiting behind "N new — show" (the "queue" live-updates preference), one per
 * annotation: a later change to the same annotation replaces the earlier one, and keeps the
 * "created" kind, so a card that was never shown is still known to be new.
 */
export type LiveQueue = ReadonlyMap<string, LiveAnnotationMessage>;

export const EMPTY_QUEUE: LiveQueue = new Map();

export function enqueueChange(queue: LiveQueue, message: LiveAnnotationMessage): LiveQueue {
  const next = new Map(queue);
  const earlier = queue.get(message.annotation.id);
  next.delete(message.annotation.id); // re-inserted last, so applying keeps the order of arrival
  next.set(message.annotation.id, earlier?.kind === "created" ? { ...message, kind: "created" } : message);
  return next;
}

/**
 * Something was removed while changes wait. Removals are applied at once (nobody should keep
 * reading what its author took back); `isNeverShown` says the annotation only ever sat in the
 * queue, so there is nothing on the page to remove and no reply count to lower.
 */
export function dropFromQueue(queue: LiveQueue, id: string): { queue: LiveQueue; isNeverShown: boolean } {
  const earlier = queue.get(id);
  if (!earlier) return { queue, isNeverShown: false };
  const next = new Map(queue);
  next.delete(id);
  return { queue: next, isNeverShown: earlier.kind === "created" };
}

export function describeQueue(count: number): string {
  return `${count} new — show`;
}

/**
 * What the live region says when someone else's change arrives ("Ayesha added an annotation"),
 * by what happened: only the author's own changes name the author; a helpful mark or an
 * instructor's hide is not something the author did.
 */
export function describeArrival(message: LiveAnnotationMessage): string {
  const name = message.annotation.author.name;
  const what = message.annotation.parentId !== null ? "a reply" : "an annotation";
  const whose = `${name}'s ${message.annotation.parentId !== null ? "reply" : "annotation"}`;
  switch (message.change) {
    case "created":
      return message.annotation.parentId !== null ? `${name} replied to an annotation` : `${name} added an annotation`;
    case "edited":
      return `${name} edited ${what}`;
    case "deleted":
      return `${name} deleted ${what}`;
    case "moved":
      return `${name} changed who sees ${what}`;
    case "resolved":
      return `${name} resolved ${what}`;
    case "reopened":
      return `${name} reopened ${what}`;
    case "hidden":
      return `${whose} was hidden by an instructor`;
    case "restored":
      return `${whose} was restored by an instructor`;
    case "helpful":
      return `${whose} was marked helpful`;
  }
}

/**
 * Who is reading, per group of mine, in words. The count includes the reader, who reads it as
 * "you and N others", not as a number to do arithmetic on.
 */
export function describePresence(
  groups: readonly ReaderGroup[],
  presence: LivePresenceMessage | null,
): { groupId: string; text: string }[] {
  if (!presence) return [];
  const names = new Map(groups.map((group) => [group.id, group.name]));
  return presence.groups
    .filter((entry) => entry.readers >= 1 && names.has(entry.groupId))
    .map((entry) => {
      const name = names.get(entry.groupId)!;
      const others = entry.readers - 1;
      const text =
        others === 0
          ? `Only you from ${name} are reading now`
          : `You and ${others} ${others === 1 ? "other" : "others"} from ${name} are reading now`;
      return { groupId: entry.groupId, text };
    });
}

/**
 * Who can see an annotation: its scope. Stored as `visibility` plus `groupId` for the two group
 * scopes; sent to the API as "private" | "everyone" | { group: id } | { instructors: id }; kept in
 * preferences and form fields as one string key ("private", "everyone", "group:<id>",
 * "instructors:<id>").
 */
export const VISIBILITIES = ["private", "group", "instructors", "everyone"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** The two scopes that belong to a group (they name it); "private" and "everyone" belong to nobody. */
export const GROUP_VISIBILITIES = ["group", "instructors"] as const satisfies readonly Visibility[];
export type GroupVisibility = (typeof GROUP_VISIBILITIES)[number];

export function isGroupVisibility(visibility: string): visibility is GroupVisibility {
  return (GROUP_VISIBILITIES as readonly string[]).includes(visibility);
}

/** The kinds on their own, for filters that do not name a group. */
export const VISIBILITY_LABELS: Record<Visibility, string> = {
  private: "Only me",
  group: "A group",
  instructors: "A group's instructors",
  everyone: "Everyone signed in",
};

/**
 * Why a note cannot go to a group: the same words whether the group exists or not (a group you are
 * not in does not exist for you), and what to do, since most who meet it knew the group: they were
 * removed from it, or left it, with the page still offering it. The reading page tells a refused
 * note's writer these words rather than its other 404's.
 */
export const NOT_YOUR_GROUP =
  "No such group among yours (you may have left it, or been removed): share the note another way, or keep it private.";

export type Scope = { visibility: "private" | "everyone"; groupId: null } | { visibility: "group" | "instructors"; groupId: string };

export type ScopeInput = "private" | "everyone" | { group: string } | { instructors: string };

export const PRIVATE_SCOPE: Scope = { visibility: "private", groupId: null };

export function scopeFromInput(input: ScopeInput): Scope {
  if (input === "private" || input === "everyone") return { visibility: input, groupId: null };
  return "group" in input ? { visibility: "group", groupId: input.group } : { visibility: "instructors", groupId: input.instructors };
}

export function scopeToInput(scope: Scope): ScopeInput {
  if (scope.groupId === null) return scope.visibility;
  return scope.visibility === "group" ? { group: scope.groupId } : { instructors: scope.groupId };
}

export function scopeKey(scope: { visibility: string; groupId: string | null }): string {
  return scope.groupId === null ? scope.visibility : `${scope.visibility}:${scope.groupId}`;
}

/** A stored or submitted key back to a scope; anything unreadable is null. */
export function parseScopeKey(key: string): Scope | null {
  if (key === "private" || key === "everyone") return { visibility: key, groupId: null };
  const match = /^(group|instructors):(.+)$/.exec(key);
  if (!match) return null;
  return { visibility: match[1] as "group" | "instructors", groupId: match[2] };
}

/** "Only me", "Group: Seminar B", "Instructors of Seminar B", "Everyone signed in". */
export function scopeLabel(visibility: Visibility, groupName: string | null): string {
  const name = groupName ?? "a group";
  if (visibility === "group") return `Group: ${name}`;
  if (visibility === "instructors") return `Instructors of ${name}`;
  return VISIBILITY_LABELS[visibility];
}

/** Who may have hidden a reply in a thread of this scope, to tell its writer (server/authz decides; this only names them). */
export function replyModeratorLabel(visibility: Visibility): string {
  return visibility === "everyone" ? "the note's author" : "an instructor";
}

/** What a flag sent on a reply or thread of this scope says once sent: who looks at it (server/authz decides who may flag). */
export function flaggedMessage(visibility: Visibility): string {
  return visibility === "everyone"
    ? "Flagged. The note's author will take a look (they may hide it)."
    : "Flagged. The group's instructors will take a look.";
}

/** The sidebar's "Show" filter: "private" (my private notes), "group:<id>" (that group's, either group scope), anything else everything. */
export function isInScopeFilter(annotation: { visibility: string; groupId: string | null }, show: string): boolean {
  if (show === "private") return annotation.visibility === "private";
  if (show.startsWith("group:")) return annotation.groupId === show.slice("group:".length);
  return true;
}

/** A group the reader belongs to, as the reading page knows it. */
export type ReaderGroup = { id: string; name: string; role: string };

/** What "Who can see this" offers: only me, each group, each group's instructors, everyone. */
export function scopeChoices(groups: readonly ReaderGroup[]): { key: string; label: string }[] {
  return [
    { key: "private", label: scopeLabel("private", null) },
    ...groups.map((group) => ({ key: scopeKey({ visibility: "group", groupId: group.id }), label: scopeLabel("group", group.name) })),
    ...groups.map((group) => ({
      key: scopeKey({ visibility: "instructors", groupId: group.id }),
      label: scopeLabel("instructors", group.name),
    })),
    { key: "everyone", label: scopeLabel("everyone", null) },
  ];
}

/**
 * The scope "Who can see this" starts with. The one the reader used last, while they can still
 * post there; before they have chosen (a new account, or one that just joined a group — joining
 * forgets the last choice, see server/preferences): their group when they are in exactly one, so a
 * student's first note reaches the class; "Only me" when they are in none; null — ask once — when
 * they are in several, because guessing which class would be the surprise.
 */
export function defaultScopeKey(remembered: string | null, groups: readonly ReaderGroup[]): string | null {
  const scope = remembered === null ? null : parseScopeKey(remembered);
  const isUsable = scope !== null && (scope.groupId === null || groups.some((group) => group.id === scope.groupId));
  if (remembered !== null && isUsable) return remembered;
  if (groups.length === 1) return scopeKey({ visibility: "group", groupId: groups[0].id });
  return groups.length === 0 ? "private" : null;
}

/**
 * Whether everyone who can read a thread in `target` could already read it in `current`:
 * private ⊂ instructors of G ⊂ group G ⊂ everyone signed in; two groups' scopes are unrelated.
 * (The thread's author reads it in every scope.)
 */
export function isAudienceWithin(target: Scope, current: Scope): boolean {
  if (target.visibility === "private" || current.visibility === "everyone") return true;
  if (target.visibility === "everyone" || current.visibility === "private") return false;
  if (target.groupId !== current.groupId) return false;
  return target.visibility === "instructors" || current.visibility === "group";
}

/**
 * The reading page's "whose annotations": "groups" shows mine and what was written in my groups'
 * scopes (a reader only ever receives their own groups'), "mine" only mine, "everyone" adds
 * others' notes shared with everyone signed in.
 */
export function isWhoseShown(annotation: { author: { id: string }; groupId: string | null }, whose: string, viewerId: string): boolean {
  if (annotation.author.id === viewerId || whose === "everyone") return true;
  return whose === "groups" && annotation.groupId !== null;
}

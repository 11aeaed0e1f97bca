import "server-only";
import { isReadingVisibility, type LibraryFilter, type ReadingVisibility } from "@/lib/documents/reading-visibility";
import type { ReadingPermissions } from "@/lib/documents/types";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import type { Prisma } from "@/server/db/client";
import { loadViewerAccess, roleIn, type Viewer, type ViewerAccess } from "./viewer-access";

/**
 * Who may see or change a reading (a document): the one place that decides, in the same shape as
 * annotations (./annotations.ts) and groups (./groups.ts) — `canOnDocument(viewer, action, row)`
 * decides, `assertCanOnDocument` refuses, `loadDocumentFor` loads then authorizes, and
 * `readableDocumentsWhere` is the same rule as a Prisma filter for lists.
 *
 * Rules:
 * - "public": everyone, signed in or not (the articles that ship with the app are public and have
 *   no owner). "private": only its owner. "group": its owner and the members (any role) of its
 *   group; a group that no longer exists leaves it to its owner alone.
 * - Only the owner changes its metadata, shares it and deletes it. An ownerless (seeded) reading is
 *   changed by nobody through the app: there is no admin role.
 * - The owner shares with a group they belong to, or with everyone where the deployment allows it
 *   (`PUBLIC_READINGS=true`); otherwise "public" is refused.
 * - Anyone signed in who may read a reading may annotate it (annotations' own rules then apply).
 * - A reading the viewer may not read answers 404 with the very words a missing one does — the
 *   page, its API, its annotations, exports and the live stream alike. Memberships are read from
 *   the database on every request, so someone removed from the group loses it at once.
 */
export type DocumentAction = "read" | "annotate" | "update" | "share" | "delete";

/** The columns a decision needs; select these whenever a decision is to be made. */
export const DOCUMENT_ACCESS_FIELDS = { id: true, ownerId: true, visibility: true, groupId: true } as const satisfies Prisma.DocumentSelect;

/** Every field required, so a row selected without one does not type-check as decidable. */
export type DocumentAccessFields = { ownerId: string | null; visibility: string; groupId: string | null };

/** Where sharing with everyone is allowed: a deployment decision (`PUBLIC_READINGS=true`). */
export function isPublicSharingAllowed(): boolean {
  return process.env.PUBLIC_READINGS === "true";
}

// ---------------------------------------------------------------- decisions (pure)

export function canOnDocument(viewer: ViewerAccess | null, action: DocumentAction, document: DocumentAccessFields): boolean {
  const isOwner = viewer !== null && document.ownerId === viewer.id;
  const isReadable = canReadDocument(viewer, document);
  switch (action) {
    case "read":
      return isReadable;
    case "annotate":
      return viewer !== null && isReadable;
    case "update":
    case "share":
    case "delete":
      return isOwner;
  }
}

export function canReadDocument(viewer: ViewerAccess | null, document: DocumentAccessFields): boolean {
  if (!isReadingVisibility(document.visibility)) return false; // an unknown value hides, never reveals
  if (document.visibility === "public") return true;
  if (!viewer) return false;
  if (document.ownerId === viewer.id) return true;
  return document.visibility === "group" && roleIn(viewer, document.groupId) !== null;
}

/** Whether the viewer may share a reading they own this way: with a group they are in, or with everyone where allowed. */
export function canShareReadingAs(viewer: ViewerAccess, sharing: { visibility: ReadingVisibility; groupId: string | null }): boolean {
  switch (sharing.visibility) {
    case "private":
      return sharing.groupId === null;
    case "group":
      return roleIn(viewer, sharing.groupId) !== null;
    case "public":
      return sharing.groupId === null && isPublicSharingAllowed();
  }
}

/** What the viewer may do with the reading, for its page and DTO: the same decisions the operations enforce. */
export function readingPermissions(viewer: ViewerAccess | null, document: DocumentAccessFields): ReadingPermissions {
  return {
    annotate: canOnDocument(viewer, "annotate", document),
    update: canOnDocument(viewer, "update", document),
    share: canOnDocument(viewer, "share", document),
    delete: canOnDocument(viewer, "delete", document),
    shareWithEveryone: canOnDocument(viewer, "share", document) && isPublicSharingAllowed(),
  };
}

/**
 * The Prisma filter for "readings this viewer may read": the library and every list of annotations
 * (an annotation on a reading you may not read is not yours to see, whatever its own scope).
 * Memberships are matched in the query itself, so the database decides with the rows as they are now.
 */
export function readableDocumentsWhere(viewer: { id: string } | null): Prisma.DocumentWhereInput {
  if (!viewer) return { visibility: "public" };
  return {
    OR: [
      { visibility: "public" },
      { ownerId: viewer.id, visibility: { in: ["private", "group"] } },
      { visibility: "group", group: { memberships: { some: { userId: viewer.id } } } },
    ],
  };
}

/**
 * Readings every member of a group can open, whoever they are: public ones and those shared with the
 * group (not any one member's private readings). What the group may be assigned or pointed to.
 */
export function readableByWholeGroupWhere(groupId: string): Prisma.DocumentWhereInput {
  return { OR: [{ visibility: "public" }, { visibility: "group", groupId }] };
}

/** readableByWholeGroupWhere, on a reading already loaded. */
export function isReadableByWholeGroup(document: { visibility: string; group: { id: string } | null }, groupId: string): boolean {
  return document.visibility === "public" || (document.visibility === "group" && document.group?.id === groupId);
}

/** The library's filters over what the viewer may read: readings they added, their groups', public ones. */
export function libraryWhere(viewer: { id: string } | null, filter: LibraryFilter): Prisma.DocumentWhereInput {
  const narrowed: Record<LibraryFilter, Prisma.DocumentWhereInput> = {
    all: {},
    mine: viewer ? { ownerId: viewer.id } : { id: { in: [] } },
    group: { visibility: "group", groupId: { not: null } },
    public: { visibility: "public" },
  };
  return { AND: [readableDocumentsWhere(viewer), narrowed[filter]] };
}

// ---------------------------------------------------------------- refusals

/** The one answer for a reading that does not exist or that the viewer may not read. */
export function noSuchDocument(slug: string): AppError {
  return new AppError("NOT_FOUND", `No document "${slug}".`);
}

const REFUSALS: Record<DocumentAction, string> = {
  read: "You cannot see this reading.",
  annotate: "Sign in to see and write annotations.",
  update: "Only the person who added this reading can change it.",
  share: "Only the person who added this reading can share it.",
  delete: "Only the person who added this reading can delete it.",
};

/** 404 (exactly like a missing reading) when the viewer may not read it, 401 for anonymous viewers, 403 otherwise. */
export function assertCanOnDocument<D extends DocumentAccessFields>(
  viewer: ViewerAccess | null,
  action: DocumentAction,
  document: D | null,
  slug: string,
): asserts document is D {
  if (!document || !canReadDocument(viewer, document)) throw noSuchDocument(slug);
  if (canOnDocument(viewer, action, document)) return;
  if (!viewer) throw new AppError("UNAUTHENTICATED", action === "annotate" ? REFUSALS.annotate : "Sign in to change readings.");
  throw new AppError("FORBIDDEN", REFUSALS[action]);
}

/** Refuses a sharing the owner may not choose: a group they are not in does not exist for them (404). */
export function assertCanShareReadingAs(viewer: ViewerAccess, sharing: { visibility: ReadingVisibility; groupId: string | null }): void {
  if (canShareReadingAs(viewer, sharing)) return;
  if (sharing.visibility === "group") {
    if (sharing.groupId === null) throw new AppError("BAD_REQUEST", "Choose the group to share this reading with.");
    throw new AppError("NOT_FOUND", "No such group.");
  }
  if (sharing.visibility === "public") {
    throw new AppError("FORBIDDEN", "This site does not allow sharing readings with everyone: share it with a group instead.");
  }
  throw new AppError("BAD_REQUEST", "A private reading is shared with no group.");
}

/**
 * Which readers of a live document may still read it, asked again now with the accesses the caller
 * just loaded (`loadViewerAccesses`): one read of the document however many readers. The hub asks
 * at every heartbeat, so a reading unshared, deleted, or a group left ends the stream (its
 * reconnect then gets the 404 a missing reading gets). Their user ids; none when it is gone.
 */
export async function readersStillAllowed(documentId: string, accesses: ReadonlyMap<string, ViewerAccess>): Promise<Set<string>> {
  const document = await db.document.findUnique({ where: { id: documentId }, select: DOCUMENT_ACCESS_FIELDS });
  if (!document) return new Set();
  return new Set([...accesses].flatMap(([userId, access]) => (canReadDocument(access, document) ? [userId] : [])));
}

// ---------------------------------------------------------------- load then authorize

const LOAD_FIELDS = { ...DOCUMENT_ACCESS_FIELDS, slug: true } as const satisfies Prisma.DocumentSelect;
type LoadedFields = Prisma.DocumentGetPayload<{ select: typeof LOAD_FIELDS }>;
type Loaded<S extends Prisma.DocumentSelect> = LoadedFields & Prisma.DocumentGetPayload<{ select: S }>;

/**
 * Load then authorize, the one way every operation on a single reading starts: reads the row (with
 * `extra` columns) and the viewer's access on it (memberships now; hide-until-you-post for this
 * document), and asserts each action in turn.
 */
export async function loadDocumentFor<S extends Prisma.DocumentSelect = Record<never, never>>(
  viewer: Viewer,
  slug: string,
  actions: DocumentAction | readonly DocumentAction[],
  extra?: S,
): Promise<{ access: ViewerAccess | null; document: Loaded<S> }> {
  const document = (await db.document.findUnique({ where: { slug }, select: { ...extra, ...LOAD_FIELDS } })) as LoadedFields | null;
  const access = await loadViewerAccess(viewer, { documentId: document?.id ?? null });
  for (const action of typeof actions === "string" ? [actions] : actions) assertCanOnDocument(access, action, document, slug);
  return { access, document: document as Loaded<S> };
}

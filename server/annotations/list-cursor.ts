import "server-only";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/server/db/client";

/**
 * Where a page of the annotation list ended: its last item's place in the list's order (start,
 * then creation, then id). The next page starts after that place, not after that row, so a note
 * deleted, hidden or moved between two pages no longer ends the list early (the cursor was the
 * last id, and a row that was gone matched nothing: `200 { items: [], nextCursor: null }`, found by
 * an independent check). Clients treat it as opaque.
 */
export type ListPosition = { start: number | null; createdAt: Date; id: string };

export function encodeListCursor({ start, createdAt, id }: ListPosition): string {
  return Buffer.from(JSON.stringify([start, createdAt.toISOString(), id])).toString("base64url");
}

/** The position a cursor names; 400 for anything this list did not give out. */
export function decodeListCursor(cursor: string): ListPosition {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parts = null;
  }
  if (Array.isArray(parts) && parts.length === 3) {
    const [start, createdAt, id] = parts as unknown[];
    const when = typeof createdAt === "string" ? new Date(createdAt) : null;
    if ((start === null || Number.isSafeInteger(start)) && when && !Number.isNaN(when.getTime()) && typeof id === "string" && id)
      return { start: start as number | null, createdAt: when, id };
  }
  throw new AppError("BAD_REQUEST", "cursor: not one this list gave out. Ask for the first page again, without a cursor.");
}

/** The list's order: by start (notes with no place in the text last, on both databases), creation, id. */
export const LIST_ORDER = [
  { start: { sort: "asc", nulls: "last" } },
  { createdAt: "asc" },
  { id: "asc" },
] satisfies Prisma.AnnotationOrderByWithRelationInput[];

/** The rows after `position` in LIST_ORDER. */
export function afterPosition({ start, createdAt, id }: ListPosition): Prisma.AnnotationWhereInput {
  const laterAtSameStart: Prisma.AnnotationWhereInput = {
    start,
    OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }],
  };
  return start === null ? laterAtSameStart : { OR: [{ start: { gt: start } }, { start: null }, laterAtSameStart] };
}

/** LIST_ORDER for a list ordered in memory (an older version's): negative when `a` comes first. */
export function compareListPositions(a: ListPosition, b: ListPosition): number {
  if (a.start !== b.start) return a.start === null ? 1 : b.start === null ? -1 : a.start - b.start;
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

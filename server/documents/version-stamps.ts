import "server-only";
import type { VersionStamp } from "@/lib/exports/document-notes";

/** A reading's versions as an export's document header carries them (lib/exports/document-notes.ts `placeOf`). */
export const VERSION_STAMPS_SELECT = {
  versions: { select: { id: true, number: true, createdAt: true }, orderBy: { number: "asc" } },
} as const;

export function toVersionStamps(versions: { id: string; number: number; createdAt: Date }[]): VersionStamp[] {
  return versions.map((version) => ({ id: version.id, number: version.number, createdAt: version.createdAt.toISOString() }));
}

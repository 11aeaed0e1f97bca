import "server-only";
import { randomBytes } from "node:crypto";
import { slugify } from "@/lib/documents/parse-plain-text-article";

/**
 * A new reading's slug: its title's words and a random tail, so two people adding "Chapter 1" get
 * two readings, and a slug says nothing about readings one may not see.
 */
export function newReadingSlug(title: string): string {
  let base: string;
  try {
    // eslint-disable-next-line regexp/no-super-linear-move -- 60 characters at most.
    base = slugify(title).slice(0, 60).replace(/-+$/, "");
  } catch {
    base = "reading";
  }
  return `${base}-${randomBytes(4).toString("hex")}`;
}

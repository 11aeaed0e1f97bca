// Shared by server/live/*.test.ts (never imported by the app): a document, people, a group, and
// subscriptions that collect what the hub would write to each stream.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { ZCreateAnnotationSchema } from "@/lib/annotations/schemas";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { createAnnotation } from "@/server/annotations/create-annotation";
import type { Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { importDocument } from "@/server/documents/import-document";
import type { LiveFrame } from "./frames";
import { getLiveCursor } from "./get-live-cursor";
import { subscribe, type Subscription } from "./hub";

export const article = parsePlainTextArticle(readFileSync(path.resolve(__dirname, "../../content/taliban-ttp-and-pakistan.txt"), "utf8"));

export async function makeDocument(slug: string): Promise<{ id: string; slug: string }> {
  await importDocument(db, { ...article, slug });
  return db.document.findUniqueOrThrow({ where: { slug }, select: { id: true, slug: true } });
}

export async function makeUsers<T extends string>(names: T[], domain: string): Promise<Record<T, { id: string }>> {
  const users = await Promise.all(names.map((name) => db.user.create({ data: { name, email: `${name}@${domain}` }, select: { id: true } })));
  return Object.fromEntries(names.map((name, index) => [name, users[index]])) as Record<T, { id: string }>;
}

let nextSpan = 0;
export function annotate(viewer: Viewer, slug: string, visibility: unknown, body = "a note") {
  const start = 40 + (nextSpan++ % 130) * 50;
  const { quote, position } = describeTextRange(article.text, start, start + 10);
  return createAnnotation(viewer, slug, ZCreateAnnotationSchema.parse({ target: { selector: [quote, position] }, body, visibility }));
}

export type Listener = { frames: LiveFrame[]; subscription: Subscription; changes: () => LiveFrame[] };

const open: Subscription[] = [];

/** A subscriber on the document from `cursor` (default: now), collecting every frame it is sent. */
export async function listen(viewer: { id: string }, documentId: string, cursor?: number): Promise<Listener> {
  const frames: LiveFrame[] = [];
  const subscription = await subscribe({ documentId, viewer, cursor: cursor ?? (await getLiveCursor(documentId)), send: (frame) => frames.push(frame) });
  open.push(subscription);
  return { frames, subscription, changes: () => frames.filter((frame) => frame.event === "annotation" || frame.event === "removed" || frame.event === "reset") };
}

export async function closeAll(): Promise<void> {
  for (const subscription of open.splice(0)) await subscription.unsubscribe();
}

/** What a frame says, compactly: "annotation created <id>", "removed <id>". */
export function describe(frame: LiveFrame): string {
  if (frame.event === "annotation") return `annotation ${frame.data.kind} ${frame.data.annotation.id}`;
  if (frame.event === "removed") return `removed ${frame.data.id}`;
  return frame.event;
}

export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("Timed out waiting for the live stream.");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

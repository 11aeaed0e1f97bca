// Shared by server/live/*.test.ts: subscriptions that collect what the hub would write to each
// stream, and a wait on what they collected. (Documents, people and annotations: tests/factories.)
import type { StreamCredential } from "@/server/auth/request-viewer";
import { db } from "@/server/db/client";
import type { LiveFrame } from "@/server/live/frames";
import { getLiveCursor } from "@/server/live/get-live-cursor";
import { subscribe, type Subscription } from "@/server/live/hub";
import { reservePresence } from "@/server/live/presence";

export type Listener = { frames: LiveFrame[]; subscription: Subscription; changes: () => LiveFrame[]; isEnded: () => boolean };

const open: Subscription[] = [];

/** A subscriber on the document from `cursor` (default: now), collecting every frame it is sent; signed in by a cookie session unless `credential` says otherwise. */
export async function listen(
  viewer: { id: string },
  documentId: string,
  cursor?: number,
  credential?: StreamCredential,
): Promise<Listener> {
  const frames: LiveFrame[] = [];
  let isEnded = false;
  const subscription = await subscribe({
    streamId: await reservePresence(viewer.id, documentId),
    documentId,
    viewer,
    cursor: cursor ?? (await getLiveCursor(documentId)),
    send: (frame) => frames.push(frame),
    credential: credential ?? (await sessionCredential(viewer)),
    end: () => (isEnded = true),
  });
  open.push(subscription);
  return {
    frames,
    subscription,
    isEnded: () => isEnded,
    changes: () => frames.filter((frame) => frame.event === "annotation" || frame.event === "removed" || frame.event === "reset"),
  };
}

/** A cookie session of the viewer as it stands now (no session id: only "sign out everywhere" ends it). */
export async function sessionCredential(viewer: { id: string }): Promise<StreamCredential> {
  const user = await db.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { sessionVersion: true } });
  return { kind: "session", userId: viewer.id, sessionId: undefined, versionAtStart: user.sessionVersion };
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

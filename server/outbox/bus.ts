import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { databaseUrl } from "@/prisma/database-url";
import { db, provider } from "@/server/db/client";
import type { Tx } from "./record-annotation-event";

/**
 * After a change commits, the writer announces "something happened on document X" — ids only,
 * never content: every instance's hub then reads the events from the database and decides per
 * subscriber what to send (server/live/hub.ts). Losing an announcement costs latency, never
 * data: the hub's heartbeat catches up from the database anyway.
 *
 * SQLite (one instance): an in-process EventEmitter. PostgreSQL (any number of instances):
 * NOTIFY on the channel below, and one dedicated LISTEN connection per process fanning out in
 * process. That connection is opened by the first subscriber and survives PostgreSQL restarts:
 * it reconnects with backoff. Each time it starts listening — the first time too — it asks the hub
 * to catch every open document up from the database, since whatever was notified before LISTEN
 * took effect is lost (a first subscriber's replay can run before the connection is up).
 */
export type Announcement = { documentId: string; kind: "events" | "presence" | "version" | "credentials" };

type Listener = (announcement: Announcement) => void;

const CHANNEL = "marginalia_live";
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

type Bus = {
  emitter: EventEmitter;
  client: pg.Client | null;
  /** The LISTEN connection is wanted (someone subscribed) and not being shut down. */
  isListening: boolean;
  retryMs: number;
  retryTimer: NodeJS.Timeout | null;
};

// Next's development server reloads modules: keep one bus (and one LISTEN connection) per process.
const globalForBus = globalThis as unknown as { marginaliaLiveBus?: Bus };
const bus: Bus = (globalForBus.marginaliaLiveBus ??= {
  emitter: new EventEmitter().setMaxListeners(0),
  client: null,
  isListening: false,
  retryMs: FIRST_RETRY_MS,
  retryTimer: null,
});

/** Tells every instance that events were committed on this document. Never throws: the write already succeeded. */
export function announce(announcement: { documentId: string }): Promise<void> {
  return publish({ documentId: announcement.documentId, kind: "events" });
}

/**
 * Announces a writer's documents as part of its transaction where the database can. PostgreSQL's
 * NOTIFY is transactional — delivered when, and only if, the transaction commits — so the
 * announcement needs no pooled connection of its own after commit (under 100 concurrent writers,
 * waiting for one just to NOTIFY took 370 ms at the median). Returns what is left for after the
 * commit: on SQLite, the in-process announcement.
 */
export async function announceOnCommit(tx: Tx, documentIds: readonly string[]): Promise<() => Promise<void>> {
  const unique = [...new Set(documentIds)];
  if (provider !== "postgresql") return async () => unique.forEach((documentId) => void announce({ documentId }));
  for (const documentId of unique) {
    await tx.$executeRaw`SELECT pg_notify(${CHANNEL}, ${JSON.stringify({ documentId, kind: "events" } satisfies Announcement)})`;
  }
  return async () => {};
}

/** Tells every instance that this reading has a new version (its readers are told, server/live/hub.ts). */
export function announceVersion(documentId: string): Promise<void> {
  return publish({ documentId, kind: "version" });
}

/** Tells every instance that who is reading this document changed. */
export function announcePresence(documentId: string): Promise<void> {
  return publish({ documentId, kind: "presence" });
}

/**
 * Tells every instance that a credential stopped being good (a token revoked; signed out
 * everywhere, or the password changed): the streams it opened end now, not at the next heartbeat.
 * `documentId` is empty: it concerns no one reading.
 */
export function announceCredentialsChanged(): Promise<void> {
  return publish({ documentId: "", kind: "credentials" });
}

async function publish(announcement: Announcement): Promise<void> {
  try {
    if (provider === "postgresql") {
      await db.$executeRaw`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(announcement)})`;
    } else {
      bus.emitter.emit("announcement", announcement);
    }
  } catch (error) {
    console.warn(`live: could not announce a change on document ${announcement.documentId} (the next heartbeat catches up)`, error);
  }
}

/** Calls `listener` for every announcement from any instance; starts the LISTEN connection on PostgreSQL. */
export function onAnnouncement(listener: Listener): () => void {
  bus.emitter.on("announcement", listener);
  if (provider === "postgresql") startListening();
  return () => bus.emitter.off("announcement", listener);
}

/** Calls `listener` each time the LISTEN connection starts listening (first connect or reconnect): what was notified before is lost. */
export function onListening(listener: () => void): () => void {
  bus.emitter.on("listening", listener);
  return () => bus.emitter.off("listening", listener);
}

function startListening(): void {
  if (bus.isListening) return;
  bus.isListening = true;
  void connect(false);
}

async function connect(isReconnect: boolean): Promise<void> {
  bus.retryTimer = null;
  if (!bus.isListening) return;
  const client = new pg.Client({ connectionString: databaseUrl() });
  bus.client = client;
  // Attached before connecting: an error while connecting must not be an unhandled 'error' event.
  client.on("error", (error) => lost(client, error));
  client.on("end", () => lost(client, null));
  client.on("notification", (message) => fanOut(message.payload));
  try {
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
  } catch (error) {
    lost(client, error as Error);
    return;
  }
  if (bus.client !== client) return;
  bus.retryMs = FIRST_RETRY_MS;
  if (isReconnect) console.warn("live: LISTEN connection to PostgreSQL is back; catching every open document up");
  bus.emitter.emit("listening");
}

/** The LISTEN connection failed or ended: drop it and try again later, doubling the wait up to MAX_RETRY_MS. */
function lost(client: pg.Client, error: Error | null): void {
  if (bus.client !== client) return; // already replaced
  bus.client = null;
  client.removeAllListeners("notification");
  client.end().catch(() => {});
  if (!bus.isListening) return;
  const wait = bus.retryMs;
  bus.retryMs = Math.min(bus.retryMs * 2, MAX_RETRY_MS);
  console.warn(`live: LISTEN connection to PostgreSQL lost (${error?.message ?? "closed"}); reconnecting in ${wait} ms`);
  bus.retryTimer = setTimeout(() => void connect(true), wait);
  bus.retryTimer.unref();
}

function fanOut(payload: string | undefined): void {
  try {
    const announcement = JSON.parse(payload ?? "") as Announcement;
    if (typeof announcement.documentId === "string") bus.emitter.emit("announcement", announcement);
  } catch {
    console.warn("live: ignoring an unreadable notification", payload);
  }
}

/** Closes the LISTEN connection (tests, shutdown). */
export async function stopListening(): Promise<void> {
  bus.isListening = false;
  if (bus.retryTimer) clearTimeout(bus.retryTimer);
  bus.retryTimer = null;
  const client = bus.client;
  bus.client = null;
  await client?.end().catch(() => {});
}

/** For tests: simulate the LISTEN connection dropping (as when PostgreSQL restarts). */
export function dropListenConnectionForTest(): void {
  const client = bus.client;
  if (client) lost(client, new Error("dropped by test"));
}

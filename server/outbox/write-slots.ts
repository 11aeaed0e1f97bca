import "server-only";
import { provider } from "@/server/db/client";

/**
 * How many annotation-writing transactions this process runs at once on PostgreSQL; the rest wait
 * here, in memory, holding nothing. Every writer of a document queues on that document's advisory
 * lock at the end of its transaction (record-annotation-event.ts) — while holding a pooled
 * connection. Measured with 100 concurrent writers on one document and the default pool of 10:
 * the writers blocked on the lock held every connection, so authenticating requests, reads, the
 * post-commit NOTIFY and notifications all waited for one (median 0.5–0.9 s each), and 34 of
 * 1,000 creates failed on Prisma's 2 s wait for a transaction. Half the pool for writers leaves
 * the other half to everything else.
 *
 * Not on SQLite: its one connection already serialises transactions from BEGIN to COMMIT (the
 * driver adapter's mutex), and a slot around the whole `$transaction` call would also serialise
 * the event-loop turns before BEGIN — measured, that halved create throughput.
 */
export const WRITE_SLOTS = provider === "postgresql" ? Math.max(1, Math.floor(Number(process.env.DATABASE_POOL_SIZE ?? 10) / 2)) : Infinity;

type Slots = { free: number; waiting: (() => void)[] };
const globalForSlots = globalThis as unknown as { marginaliaWriteSlots?: Slots };
const slots: Slots = (globalForSlots.marginaliaWriteSlots ??= { free: WRITE_SLOTS, waiting: [] });

/** Runs `write` in a write slot, first come first served. */
export async function withWriteSlot<T>(write: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free -= 1;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await write();
  } finally {
    // Hand the slot straight to the next writer, or give it back.
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free += 1;
  }
}

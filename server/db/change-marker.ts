// No "server-only" here: the production server (scripts/serve.ts) runs this outside Next's bundle.
import Sqlite from "better-sqlite3";
import { Pool } from "pg";
import { databaseProvider, databaseUrl, sqliteFilePath } from "@/prisma/database-url";

/**
 * A value that changes whenever anything is committed to the database: by this process or another,
 * through Prisma or not. Equal markers read at two moments mean nothing was committed in between,
 * which is what lets a page rendered at the first moment be served again at the second
 * (server/http/page-cache.ts). It never says "unchanged" wrongly; it may say "changed" when what
 * changed is unrelated (another table, another database on the same PostgreSQL server).
 *
 *   SQLite      `PRAGMA data_version` on a connection of its own, which moves whenever any other
 *               connection commits to the file.
 *   PostgreSQL  the text of `pg_current_snapshot()`: its upper bound is the newest transaction to
 *               have finished, and its list of transactions in progress below that bound shrinks
 *               when one of them finishes. An older transaction finishing after a newer one leaves
 *               the bound where it was: the list is what catches it.
 */
export type ChangeMarker = {
  /** The marker as of some moment after this call began. */
  read(): Promise<string>;
  close(): Promise<void>;
};

export function openChangeMarker(url: string = databaseUrl()): ChangeMarker {
  return databaseProvider(url) === "postgresql" ? postgresMarker(url) : sqliteMarker(url);
}

// Kept on globalThis: the production server (scripts/serve.ts, the page cache) and Next's bundle
// (server/db/kept-while-unchanged.ts) load this module apart, in one process.
const globalForMarker = globalThis as unknown as { marginaliaChangeMarker?: ChangeMarker };

/** The process's one marker on the app's database (one connection of its own), however many ask. */
export function processChangeMarker(): ChangeMarker {
  return (globalForMarker.marginaliaChangeMarker ??= openChangeMarker());
}

function sqliteMarker(url: string): ChangeMarker {
  // Opened at the first read, not at start: a server started before its database file exists
  // renders every page (the marker's read fails, see page-cache.ts) until the file is there.
  let connection: Sqlite.Database | null = null;
  let statement: Sqlite.Statement | null = null;
  return {
    read: async () => {
      if (!statement) {
        connection = new Sqlite(sqliteFilePath(url), { readonly: true, fileMustExist: true });
        statement = connection.prepare("PRAGMA data_version").pluck();
      }
      return String(statement.get());
    },
    close: async () => void connection?.close(),
  };
}

function postgresMarker(url: string): ChangeMarker {
  const pool = new Pool({ connectionString: url, max: 1 });
  pool.on("error", () => {}); // an idle connection dropped by the server is replaced on the next read
  const query = async () => (await pool.query<{ snapshot: string }>("SELECT pg_current_snapshot()::text AS snapshot")).rows[0].snapshot;
  return { read: readAfterAsking(query), close: () => pool.end() };
}

/**
 * Shares one query among the readers that ask at the same time, without ever answering a reader
 * with a value read before it asked (that value could predate a commit it must see): readers that
 * arrive while a query runs wait for the next one, which all of them share. At most one query runs
 * and one waits, however many ask.
 */
export function readAfterAsking(query: () => Promise<string>): () => Promise<string> {
  let running: Promise<string> | null = null;
  let waiting: Promise<string> | null = null;
  const read = (): Promise<string> => {
    if (!running) {
      running = query().finally(() => (running = null));
      return running;
    }
    waiting ??= running
      .catch(() => undefined)
      .then(() => {
        waiting = null;
        return read();
      });
    return waiting;
  };
  return read;
}

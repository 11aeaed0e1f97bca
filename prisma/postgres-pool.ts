import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

/** pg_catalog's own string types: `"char"` (18) and `name` (19). */
const CATALOG_STRING_TYPE_OIDS = new Set([18, 19]);
/** `text`. */
const TEXT_TYPE_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] } | undefined;

function relabelNameColumns<T extends QueryResultLike | QueryResultLike[]>(result: T): T {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of one?.fields ?? []) if (CATALOG_STRING_TYPE_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_TYPE_OID;
  }
  return result;
}

/**
 * A pg client that reports `name` and `"char"` columns as `text`. Prisma 6.19's WebAssembly
 * schema engine (the only one that runs offline here) rejects those types when it introspects
 * pg_catalog: `name` in `migrate deploy` (prisma/orm#27403), `"char"` in `db push`. Only the Prisma CLI needs this; the app's
 * queries never read `name` columns.
 */
class NameAsTextClient extends pg.Client {
  // pg's query() has promise and callback forms and many overloads; both are wrapped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const callbackIndex = args.findIndex((arg) => typeof arg === "function");
    if (callbackIndex >= 0) {
      const callback = args[callbackIndex];
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      args[callbackIndex] = (error: Error | null, result: any) => callback(error, error ? result : relabelNameColumns(result));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    const submittable = args[0] && typeof args[0].submit === "function";
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    return submittable ? result : result.then(relabelNameColumns);
  }
}

/** The pool the Prisma CLI migrates through (createMigrationAdapter). */
function createMigrationPool(connectionString: string): pg.Pool {
  // allowExitOnIdle: the CLI exits when it is done instead of waiting out idle connections.
  return new pg.Pool({ connectionString, Client: NameAsTextClient, max: 1, idleTimeoutMillis: 500, allowExitOnIdle: true });
}

/**
 * The adapter the Prisma CLI migrates through (prisma.config.ts). @prisma/adapter-pg runs a
 * migration by splitting its file at every ";" — inside comments, strings and function bodies too —
 * so a migration could hold no PL/pgSQL (the library's full-text triggers need it). This one sends
 * each migration file whole, as one simple query: PostgreSQL parses it properly and runs it as one
 * implicit transaction, so a migration that fails leaves nothing half-applied.
 */
export function createMigrationAdapter(connectionString: string): PrismaPg {
  return new WholeScriptPg(createMigrationPool(connectionString));
}

type ScriptRunner = { client: pg.Pool; onError(error: unknown): never; executeScript(script: string): Promise<void> };

class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const runner = adapter as unknown as ScriptRunner;
    runner.executeScript = async (script) => {
      try {
        await runner.client.query(script);
      } catch (error) {
        runner.onError(error);
      }
    };
    return adapter;
  }
}

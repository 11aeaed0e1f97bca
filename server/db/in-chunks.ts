import "server-only";

/**
 * The most values one `IN (…)` list may carry. Prisma's query compiler sends each value as a bind
 * parameter and refuses a statement with more than the provider allows (P2029): 999 for SQLite —
 * a fixed default in Prisma 6.19's client engine, although better-sqlite3's SQLite accepts 32,766 —
 * and 32,766 for PostgreSQL (whose protocol allows 32,767 minus one). Prisma splits some simple
 * statements itself, but not one that also filters on other columns, so we never rely on it.
 * 500 leaves room for the statement's other parameters on either database.
 */
export const MAX_IN_LIST = 500;

/**
 * Runs `query` once per chunk of at most MAX_IN_LIST values and concatenates the results, in
 * chunk order: for lists whose length grows with data and that no relation filter can replace
 * (ids that come from outside the database, or from a table with no relation to the one asked).
 * Chunks run one after another, so a long list never takes every pooled connection at once.
 */
export async function inChunks<Value, Result>(values: readonly Value[], query: (chunk: Value[]) => Promise<Result[]>): Promise<Result[]> {
  const results: Result[] = [];
  for (let start = 0; start < values.length; start += MAX_IN_LIST) {
    results.push(...(await query(values.slice(start, start + MAX_IN_LIST))));
  }
  return results;
}

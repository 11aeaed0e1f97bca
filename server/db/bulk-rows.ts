import "server-only";
import { Prisma, provider, type Database } from "@/server/db/client";

/** An interactive transaction's client (as server/outbox names it; the database layer imports nothing of its callers). */
type Tx = Parameters<Parameters<Database["$transaction"]>[0]>[0];

/** The column types a row carries (what JSON can say without loss). */
type ColumnType = "text" | "integer" | "float";

/** The tables written this way, and the columns each may be given: names are code, never input. */
const COLUMNS = {
  Annotation: {
    id: "text",
    versionId: "text",
    anchorStatus: "text",
    anchorScore: "float",
    quoteWas: "text",
    exact: "text",
    prefix: "text",
    suffix: "text",
    start: "integer",
    end: "integer",
    searchText: "text",
  },
  AnnotationAnchor: {
    annotationId: "text",
    versionId: "text",
    status: "text",
    score: "float",
    exact: "text",
    prefix: "text",
    suffix: "text",
    start: "integer",
    end: "integer",
  },
} as const satisfies Record<string, Record<string, ColumnType>>;

type Table = keyof typeof COLUMNS;
type Column<T extends Table> = keyof (typeof COLUMNS)[T] & string;
type Value<T extends ColumnType> = T extends "text" ? string | null : number | null;
type Row<T extends Table, C extends Column<T>> = { [K in C]: Value<(typeof COLUMNS)[T][K] & ColumnType> };

/**
 * Rows one statement carries, as one JSON bind parameter: ordinarily tens of kilobytes; at worst
 * (500 quotes of 50,000 characters) ~25 MB, well inside both databases' 1 GB for one value.
 */
const ROWS_PER_STATEMENT = 500;

// Why: the client's `update` and `createMany` cost a statement (on SQLite about a millisecond) per
// row, or per ~100 rows compiled by Prisma's query compiler; re-anchoring a reading's thousands of
// annotations onto a new version held its write transaction — and with it every other write — for
// seconds. Here the rows travel as one JSON parameter per 500, read by the database's own JSON
// table function (SQLite's `json_each`, PostgreSQL's `jsonb_array_elements`); each row is a JSON
// array read by position. Written with SQL, `updatedAt` stays as it was: re-anchoring and search
// text are not edits.

/** Sets each row's own values (different for every row) by its id. Rows that are gone are not matched. */
export async function updateRowsById<T extends Table, C extends Exclude<Column<T>, "id">>(
  tx: Tx,
  table: T,
  columns: readonly C[],
  rows: readonly ({ id: string } & Row<T, C>)[],
): Promise<void> {
  for (const chunk of chunksOf(rows)) {
    const json = asJson(chunk, ["id", ...columns]);
    const values = columns.map((column, index) => ({ column, value: fieldOf(table, column, index + 1) }));
    const assignments = values.map(({ column, value }) => `"${column}" = ${value}`).join(", ");
    await tx.$executeRaw`UPDATE ${Prisma.raw(`"${table}"`)} SET ${Prisma.raw(assignments)}
      FROM ${jsonRows(json)} WHERE ${Prisma.raw(`"${table}"."id" = ${fieldOf(table, "id", 0)}`)}`;
  }
}

/** Inserts the rows, each `createdAt` set to `now` (as the client would write it on either database). */
export async function insertRows<T extends Table, C extends Column<T>>(
  tx: Tx,
  table: T,
  columns: readonly C[],
  rows: readonly Row<T, C>[],
  now: Date,
): Promise<void> {
  const names = [...columns, "createdAt"].map((column) => `"${column}"`).join(", ");
  const createdAt = provider === "postgresql" ? Prisma.sql`${now}::timestamp(3)` : Prisma.sql`${now}`;
  for (const chunk of chunksOf(rows)) {
    const values = columns.map((column, index) => fieldOf(table, column, index)).join(", ");
    await tx.$executeRaw`INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(names)})
      SELECT ${Prisma.raw(values)}, ${createdAt} FROM ${jsonRows(asJson(chunk, columns))}`;
  }
}

function* chunksOf<Item>(rows: readonly Item[]): Generator<readonly Item[]> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) yield rows.slice(start, start + ROWS_PER_STATEMENT);
}

function asJson(rows: readonly object[], columns: readonly string[]): string {
  return JSON.stringify(rows.map((row) => columns.map((column) => (row as Record<string, unknown>)[column] ?? null)));
}

/** The JSON array of rows as a table `p` whose `value` is one row. */
function jsonRows(json: string): Prisma.Sql {
  return provider === "postgresql" ? Prisma.sql`jsonb_array_elements(${json}::jsonb) AS p(value)` : Prisma.sql`json_each(${json}) AS p`;
}

const POSTGRES_TYPES: Record<ColumnType, string> = { text: "text", integer: "integer", float: "double precision" };

/** A row's field at `index`, as SQL of the column's type (SQLite's `->>` already gives SQL values by JSON type). */
function fieldOf(table: Table, column: string, index: number): string {
  if (provider !== "postgresql") return `p.value ->> ${index}`;
  return `(p.value ->> ${index})::${POSTGRES_TYPES[(COLUMNS[table] as Record<string, ColumnType>)[column]]}`;
}

// Benchmark: one document's export at 20,000 annotations and replies, streamed (what the routes do
// now) beside buffered (the previous implementation: everything read into memory, then the whole
// file built), in every format, each run in its own Node process so heaps do not mix. Prints the
// live heap's high-water mark above the process's starting heap (sampled after a full GC: in the
// buffered run once the rows are read and once the file is built, in the streamed run every fifth
// chunk), the peak RSS, the time (GCs included), and whether the two files are the same bytes.
//
// Usage:
//   npm run bench:export                                      SQLite (a fresh file under data/bench-export/)
//   DATABASE_URL=postgresql://u:p@127.0.0.1:5432/x npm run bench:export
//                                                             PostgreSQL: its own database, "marginalia_bench_export"
// BENCH_THREADS (default 15,000 threads; with their replies and feedback about 20,000 rows).
//
// Then the instructor's review CSVs (students.csv, annotations.csv) on a second document whose
// group threads, replies and feedback come to about 20,000 rows (BENCH_REVIEW_THREADS, default
// 30,000 threads in every scope): streamed (what the routes do now: keyset pages of threads, rows
// written per page) beside buffered (the previous implementation, kept here only as the baseline:
// getGroupReview — the whole review as the page reads it, Markdown rendered — then the file built
// as one string).
import { execFileSync } from "node:child_process";
import { createHash, randomUUID, type Hash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { performance as clock } from "node:perf_hooks";
import { databaseProvider, databaseUrl, withDatabaseName } from "@/prisma/database-url";
import { dropDatabase, withMaintenanceDatabase } from "@/prisma/postgres-admin";

const THREADS = Number(process.env.BENCH_THREADS ?? 15_000);
const REVIEW_THREADS = Number(process.env.BENCH_REVIEW_THREADS ?? 30_000);
const FORMATS = ["markdown", "csv", "jsonld", "hypothesis"] as const;
const REVIEW_KINDS = ["students", "annotations"] as const;
const REVIEW_SLUG = "bench-review";
const MODES = ["buffered", "streamed"] as const;
const SLUG = "bench-export";
const root = process.cwd();

type Figures = { heapPeakMb: number; rssPeakMb: number; ms: number; bytes: number; sha256: string; rows: number };

async function main() {
  const [role, ...rest] = process.argv.slice(2);
  if (role === "seed") return seed();
  if (role === "measure")
    return console.log(JSON.stringify(await measure(rest[0] as (typeof MODES)[number], rest[1] as (typeof FORMATS)[number])));
  if (role === "measure-review")
    return console.log(JSON.stringify(await measureReview(rest[0] as (typeof MODES)[number], rest[1] as (typeof REVIEW_KINDS)[number])));
  await orchestrate();
}

async function orchestrate() {
  const url = databaseUrl();
  const isPostgres = databaseProvider(url) === "postgresql";
  let benchUrl: string;
  if (isPostgres) {
    benchUrl = withDatabaseName(url, "marginalia_bench_export");
    await withMaintenanceDatabase(url, async (admin) => {
      await dropDatabase(admin, "marginalia_bench_export");
      await admin.query("CREATE DATABASE marginalia_bench_export");
    });
  } else {
    const dir = path.join(root, "data", "bench-export");
    mkdirSync(dir, { recursive: true });
    benchUrl = `file:${path.join(dir, `${randomUUID().slice(0, 8)}.db`)}`;
  }
  const env = { ...process.env, DATABASE_URL: benchUrl, EXPORT_MAX_ANNOTATIONS: "1000000" };
  execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { env, stdio: "ignore" });
  const run = (args: string[]) =>
    execFileSync("npx", ["tsx", "--conditions=react-server", "--expose-gc", "scripts/bench-export.ts", ...args], {
      cwd: root,
      env,
      encoding: "utf8",
    });
  console.log(run(["seed"]).trim());
  console.log(`\n${isPostgres ? "PostgreSQL" : "SQLite"}: one document's export, everything the author may read\n`);
  printTable(FORMATS, (mode, format) => run(["measure", mode, format]));
  console.log(`\n${isPostgres ? "PostgreSQL" : "SQLite"}: the group's review CSVs, as its instructor\n`);
  printTable(REVIEW_KINDS, (mode, kind) => run(["measure-review", mode, kind]));
}

function printTable(formats: readonly string[], run: (mode: (typeof MODES)[number], format: string) => string) {
  const header = ["format", "mode", "live heap high-water", "peak RSS", "time", "file", "same bytes"];
  const rows: string[][] = [];
  for (const format of formats) {
    const figures = Object.fromEntries(MODES.map((mode) => [mode, JSON.parse(run(mode, format).trim().split("\n").pop()!) as Figures]));
    for (const mode of MODES) {
      const f = figures[mode];
      rows.push([
        format,
        mode,
        `${f.heapPeakMb.toFixed(1)} MB`,
        `${f.rssPeakMb.toFixed(0)} MB`,
        `${(f.ms / 1000).toFixed(2)} s`,
        `${(f.bytes / 1e6).toFixed(1)} MB (${f.rows.toLocaleString("en")} rows)`,
        mode === "streamed" ? (f.sha256 === figures.buffered.sha256 ? "yes" : "NO") : "",
      ]);
    }
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join("  "));
}

async function seed() {
  const { createDocument, createGroup, createUser } = await import("@/tests/factories");
  const { insertBulkNotes } = await import("@/tests/factories/bulk-annotations");
  const { db } = await import("@/server/db/client");
  const document = await createDocument(SLUG);
  const author = await createUser({ name: "Author", email: "author@bench.example" });
  const reader = await createUser({ name: "Reader", email: "reader@bench.example" });
  const teacher = await createUser({ name: "Teacher", email: "teacher@bench.example" });
  const group = await createGroup(teacher, { name: "Seminar", members: { member: [author, reader] } });
  await insertBulkNotes({
    document,
    threads: THREADS,
    authors: [author, reader],
    group: { id: group.id, instructor: teacher },
    prefix: "bench",
  });
  const seeded = await db.annotation.count();
  const review = await createDocument(REVIEW_SLUG);
  await insertBulkNotes({
    document: review,
    threads: REVIEW_THREADS,
    authors: [author, reader],
    group: { id: group.id, instructor: teacher },
    prefix: "review",
  });
  console.log(
    `seeded ${seeded.toLocaleString("en")} annotations and replies on one document, ${((await db.annotation.count()) - seeded).toLocaleString("en")} on another`,
  );
  await db.$disconnect();
}

async function measure(mode: (typeof MODES)[number], format: (typeof FORMATS)[number]): Promise<Figures> {
  const { db } = await import("@/server/db/client");
  const { exportAnnotations } = await import("@/server/annotations/export-annotations");
  const { streamDocumentExport } = await import("@/server/annotations/stream-notes-export");
  const { buildNotesFile } = await import("@/lib/exports/notes-file");
  const viewer = await db.user.findUniqueOrThrow({ where: { email: "author@bench.example" }, select: { id: true } });
  const rows = await db.annotation.count({ where: { document: { slug: SLUG } } });
  const common = { origin: "https://marginalia.example", exportedAt: new Date("2026-11-30T00:00:00Z"), baseName: `${SLUG}-annotations` };
  const collectionId = "https://marginalia.example/collection";

  return sampled(rows, async (sample, hash) => {
    if (mode === "buffered") {
      const data = await exportAnnotations(viewer, SLUG, { onlyMine: false });
      sample();
      const file = buildNotesFile([data], {
        ...common,
        format,
        viewerId: viewer.id,
        isSingleDocument: true,
        collection: {
          id: collectionId,
          label: `Annotations on “${(await db.document.findUniqueOrThrow({ where: { slug: SLUG } })).title}”`,
        },
      });
      sample();
      hash.update(file.body);
      return file.body.length;
    }
    const file = await streamDocumentExport(viewer, SLUG, {
      ...common,
      format,
      onlyMine: false,
      collection: { id: collectionId, label: (title) => `Annotations on “${title}”` },
    });
    return readStream(file.body, sample, hash);
  });
}

async function measureReview(mode: (typeof MODES)[number], kind: (typeof REVIEW_KINDS)[number]): Promise<Figures> {
  const { db } = await import("@/server/db/client");
  const { getGroupReview } = await import("@/server/review/get-group-review");
  const { streamReviewCsv } = await import("@/server/review/review-csv-file");
  const { ANNOTATIONS_CSV_COLUMNS, STUDENTS_CSV_COLUMNS, annotationsCsvRows, reviewCsvHead, studentsCsvRow } =
    await import("@/lib/review/review-csv");
  const { reviewEmails } = await import("@/server/review/review-csv-file");
  const viewer = await db.user.findUniqueOrThrow({ where: { email: "teacher@bench.example" }, select: { id: true } });
  const group = await db.group.findFirstOrThrow({ where: { name: "Seminar" }, select: { id: true } });
  const groupWhere = { document: { slug: REVIEW_SLUG }, groupId: group.id, deletedAt: null };
  const rows = await db.annotation.count({
    where: {
      OR: [
        { ...groupWhere, parentId: null },
        { ...groupWhere, parent: { deletedAt: null } },
      ],
    },
  });
  return sampled(rows, async (sample, hash) => {
    if (mode === "buffered") {
      const review = await getGroupReview(viewer, group.id, REVIEW_SLUG);
      const emailOf = await reviewEmails(group.id);
      sample();
      const csv =
        kind === "students"
          ? reviewCsvHead(STUDENTS_CSV_COLUMNS) + review.students.map(studentsCsvRow).join("")
          : reviewCsvHead(ANNOTATIONS_CSV_COLUMNS) +
            review.annotations.map((thread) => annotationsCsvRows(review.group.name, thread, emailOf)).join("");
      const body = new TextEncoder().encode(csv);
      sample();
      hash.update(body);
      return body.length;
    }
    return readStream((await streamReviewCsv(viewer, group.id, REVIEW_SLUG, kind)).body, sample, hash);
  });
}

/**
 * Runs `work` and measures it: the live heap's high-water mark above the starting heap (`sample`
 * takes it after a full GC, so garbage awaiting collection does not count), peak RSS and time.
 */
async function sampled(rows: number, work: (sample: () => void, hash: Hash) => Promise<number>): Promise<Figures> {
  const { db } = await import("@/server/db/client");
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sample = () => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const hash = createHash("sha256");
  const started = clock.now();
  const bytes = await work(sample, hash);
  const ms = clock.now() - started;
  sample();
  await db.$disconnect();
  return {
    heapPeakMb: (peak - baseline) / 1e6,
    rssPeakMb: process.resourceUsage().maxRSS / 1024,
    ms,
    bytes,
    sha256: hash.digest("hex"),
    rows,
  };
}

/** Reads a download to its end as a client would, sampling the heap every fifth chunk. */
async function readStream(body: ReadableStream<Uint8Array>, sample: () => void, hash: Hash): Promise<number> {
  const reader = body.getReader();
  let chunks = 0;
  let bytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (++chunks % 5 === 0) sample();
    hash.update(chunk.value);
    bytes += chunk.value.length;
  }
  return bytes;
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});

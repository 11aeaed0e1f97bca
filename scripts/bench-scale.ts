// Benchmark: Marginalia at class scale (issue #15), against the production build, each figure
// beside a baseline measured in the same run on the same server.
//
// Sections (all by default, or name some: `npm run bench:scale -- writers`):
//   writers     100 concurrent writers, 10 creates each (POST /api/documents/{slug}/annotations,
//               API tokens), while one prober reads GET /api/groups (a trivial authenticated read)
//               in a loop; baselines: that read during the writes, and alone just before them.
//               Also the server's CPU time per request (from /proc), which machine load does not
//               inflate the way it inflates latencies: other work on the machine shows in the
//               load average printed at the top.
// A section is a function from the running server to rows of figures: more (the reading page at
// 0/1k/5k/10k annotations, live at 1,000 readers, throughput) plug into SECTIONS the same way.
//
// Usage, after `npm run build`:
//   npm run bench:scale                                   SQLite (a fresh file under data/bench-scale/)
//   DATABASE_URL=postgresql://u:p@127.0.0.1:5432/x npm run bench:scale
//                                                         PostgreSQL: its own database, "marginalia_bench_scale"
// BENCH_WRITERS, BENCH_CREATES, BENCH_PORT change the defaults below; BENCH_NODE_ARGS passes
// flags to the server's Node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where time goes).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { performance as clock } from "node:perf_hooks";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { databaseProvider, databaseUrl, withDatabaseName } from "@/prisma/database-url";
import { dropDatabase, withMaintenanceDatabase } from "@/prisma/postgres-admin";

const WRITERS = Number(process.env.BENCH_WRITERS ?? 100);
const CREATES_PER_WRITER = Number(process.env.BENCH_CREATES ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3650);
const BASE_URL = `http://localhost:${PORT}`;
const root = process.cwd();
const article = parsePlainTextArticle(readFileSync(path.join(root, "content", "taliban-ttp-and-pakistan.txt"), "utf8"));

type Person = { id: string; token: string };
type Row = { label: string; figures: Record<string, string> };
type Server = {
  env: NodeJS.ProcessEnv;
  makePeople: (count: number, label: string) => Promise<Person[]>;
  /** CPU time the server's processes have used so far (ms): a figure that machine load does not inflate. */
  cpuMs: () => number;
};

const SECTIONS: Record<string, (server: Server) => Promise<Row[]>> = { writers: benchWriters };

// ------------------------------------------------------------------------------------ figures

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function latencyFigures(samples: number[]): Record<string, string> {
  const sorted = [...samples].sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
  return {
    n: String(sorted.length),
    p50: ms(percentile(sorted, 50)),
    p95: ms(percentile(sorted, 95)),
    p99: ms(percentile(sorted, 99)),
    max: ms(sorted.at(-1) ?? NaN),
  };
}

function printTable(title: string, rows: Row[]): void {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row.figures)))];
  const cells = [["", ...columns], ...rows.map((row) => [row.label, ...columns.map((column) => row.figures[column] ?? "")])];
  const widths = cells[0].map((_, index) => Math.max(...cells.map((line) => line[index].length)));
  console.log(`\n${title}`);
  for (const line of cells)
    console.log(line.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join("   "));
}

// ------------------------------------------------------------------------------------ server

/** A fresh database for this run: a new SQLite file, or a PostgreSQL database dropped and made anew. */
async function freshDatabaseUrl(): Promise<string> {
  const url = databaseUrl();
  if (databaseProvider(url) === "sqlite") {
    const dir = path.join(root, "data", "bench-scale");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return `file:${path.join(dir, "bench.db")}`;
  }
  const name = "marginalia_bench_scale";
  await withMaintenanceDatabase(url, (admin) => dropDatabase(admin, name));
  return withDatabaseName(url, name);
}

/** User + system CPU (ms) of `pid` and its descendants, from /proc (Linux). */
function processTreeCpuMs(pid: number): number {
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  const stats = readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      // Fields after the parenthesised command name: state ppid ... utime(12) stime(13) (0-based after ")").
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      return [{ pid: Number(entry), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
    } catch {
      return [];
    }
  });
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const stat of stats) {
      if (!tree.has(stat.ppid) || tree.has(stat.pid)) continue;
      tree.add(stat.pid);
      grew = true;
    }
  }
  return stats.filter((stat) => tree.has(stat.pid)).reduce((sum, stat) => sum + stat.ticks, 0) / ticksPerMs;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : []), "scripts/serve.ts", "--port", String(PORT)],
    {
      cwd: root,
      env: { ...env, NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  for (let attempt = 0; attempt < 240; attempt += 1) {
    try {
      if ((await fetch(`${BASE_URL}/api/auth/csrf`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server on port ${PORT} did not start`);
}

// ------------------------------------------------------------------------------------ writers

async function timed(request: () => Promise<Response>, expected: number): Promise<{ ms: number; ok: boolean }> {
  const started = clock.now();
  try {
    const response = await request();
    await response.arrayBuffer();
    return { ms: clock.now() - started, ok: response.status === expected };
  } catch {
    return { ms: clock.now() - started, ok: false };
  }
}

function createRequest(writer: Person, index: number): () => Promise<Response> {
  const paragraphs = article.text.split("\n\n");
  const paragraph = paragraphs[index % paragraphs.length];
  const start = article.text.indexOf(paragraph) + (index % 20);
  const { quote, position } = describeTextRange(article.text, start, start + 12);
  return () =>
    fetch(`${BASE_URL}/api/documents/${article.slug}/annotations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${writer.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ target: { selector: [quote, position] }, body: `bench note ${index}`, visibility: "everyone" }),
    });
}

function readRequest(reader: Person): () => Promise<Response> {
  return () => fetch(`${BASE_URL}/api/groups`, { headers: { Authorization: `Bearer ${reader.token}` } });
}

async function benchWriters(server: Server): Promise<Row[]> {
  const writers = await server.makePeople(WRITERS, "writer");
  const [reader] = await server.makePeople(1, "prober");
  // Warm up both routes (first requests compile and cache).
  for (let index = 0; index < 20; index += 1) {
    await timed(createRequest(writers[index % writers.length], index), 201);
    await timed(readRequest(reader), 200);
  }

  const alone: number[] = [];
  const cpuBeforeReads = server.cpuMs();
  for (let index = 0; index < 300; index += 1) alone.push((await timed(readRequest(reader), 200)).ms);
  const cpuPerRead = (server.cpuMs() - cpuBeforeReads) / alone.length;

  const creates: number[] = [];
  const during: number[] = [];
  let errors = 0;
  let isWriting = true;
  const started = clock.now();
  const cpuBeforeWrites = server.cpuMs();
  const probing = (async () => {
    while (isWriting) {
      const result = await timed(readRequest(reader), 200);
      if (isWriting) during.push(result.ms);
      if (!result.ok) errors += 1;
    }
  })();
  await Promise.all(
    writers.map(async (writer, writerIndex) => {
      for (let index = 0; index < CREATES_PER_WRITER; index += 1) {
        const result = await timed(createRequest(writer, writerIndex * CREATES_PER_WRITER + index), 201);
        creates.push(result.ms);
        if (!result.ok) errors += 1;
      }
    }),
  );
  const seconds = (clock.now() - started) / 1000;
  const cpuPerCreate = (server.cpuMs() - cpuBeforeWrites) / creates.length; // the prober's few reads included
  isWriting = false;
  await probing;

  const ratio =
    percentile(
      [...creates].sort((a, b) => a - b),
      99,
    ) /
    percentile(
      [...during].sort((a, b) => a - b),
      99,
    );
  const ratioAlone =
    percentile(
      [...creates].sort((a, b) => a - b),
      99,
    ) /
    percentile(
      [...alone].sort((a, b) => a - b),
      99,
    );
  return [
    {
      label: `create (${WRITERS} writers × ${CREATES_PER_WRITER})`,
      figures: {
        ...latencyFigures(creates),
        "per s": (creates.length / seconds).toFixed(0),
        errors: String(errors),
        "server CPU each": `${cpuPerCreate.toFixed(1)} ms`,
      },
    },
    { label: "read, during the writes", figures: latencyFigures(during) },
    { label: "read, alone (just before)", figures: { ...latencyFigures(alone), "server CPU each": `${cpuPerRead.toFixed(1)} ms` } },
    { label: "p99 create ÷ p99 read", figures: { p99: `${ratio.toFixed(1)}× (during), ${ratioAlone.toFixed(1)}× (alone)` } },
  ];
}

// ------------------------------------------------------------------------------------ main

async function main() {
  const wanted = process.argv.slice(2).filter((arg) => arg !== "--");
  const sections = wanted.length > 0 ? wanted : Object.keys(SECTIONS);
  for (const name of sections)
    if (!SECTIONS[name]) throw new Error(`No section "${name}" (sections: ${Object.keys(SECTIONS).join(", ")}).`);

  const url = await freshDatabaseUrl();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    NEXTAUTH_URL: BASE_URL,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64url"),
  };
  execFileSync(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/prepare-database.ts"], { cwd: root, env, stdio: "ignore" });
  process.env.DATABASE_URL = url;
  const { db } = await import("@/server/db/client");
  const { createApiToken } = await import("@/server/tokens/create-api-token");
  let made = 0;
  const makePeople = async (count: number, label: string): Promise<Person[]> => {
    const people: Person[] = [];
    for (let index = 0; index < count; index += 1) {
      made += 1;
      const user = await db.user.create({ data: { email: `${label}-${made}@bench.test`, name: `Bench ${label} ${made}` } });
      const { token } = await createApiToken({ userId: user.id, name: "bench", scope: "read-write", expiresInDays: 30 });
      people.push({ id: user.id, token });
    }
    return people;
  };

  const server = await startServer(env);
  const load = loadavg().map((value) => value.toFixed(1));
  console.log(`bench:scale on ${databaseProvider(url)}, production build, ${new Date().toISOString()}, load average ${load.join(" ")}`);
  try {
    const cpuMs = () => processTreeCpuMs(server.pid!);
    for (const name of sections) printTable(name, await SECTIONS[name]({ env, makePeople, cpuMs }));
  } finally {
    server.kill("SIGTERM");
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Benchmark: Marginalia at class scale (issue #15), against the production build, each figure
// beside a baseline measured in the same run on the same server.
//
// Sections (all by default, or name some: `npm run bench:scale -- writers`):
//   writers     100 concurrent writers, 10 creates each (POST /api/documents/{slug}/annotations,
//               API tokens), while one prober reads GET /api/groups (a trivial authenticated read)
//               in a loop; baselines: that read during the writes, and alone just before them.
//               Twice: the writers connecting with their first create, then on open connections.
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
//   live        lecture scale: 1,000 readers' streams over two instances (PostgreSQL) or 300 on one
//               (SQLite) while writers create annotations: create-to-arrival, events lost or
//               leaked, memory per stream, queries and CPU per heartbeat tick and per create.
//   throughput  autocannon: the reading page of a reader who sees 1,000 annotations (as served, i.e.
//               from the page cache while nothing changes, and rendered every time), and a static
//               file of the same server, requests per second side by side.
//   reading     the reading page in Chromium at 1,000, 5,000 and 10,000 visible annotations
//               (BENCH_READING_ANNOTATIONS) beside the same reader's page with none
//               (scripts/lib/bench-reading-page.ts).
//   versions    a new version of a reading carrying 0, 1,000 and 10,000 annotations, all re-anchored,
//               while a student goes on writing: how long the version takes, and how long the
//               student's creates wait meanwhile beside just before (scripts/lib/bench-versions.ts).
//   peers       resolving and painting 10,000 stored selectors in Chromium, ours beside
//               dom-anchor-text-quote, @apache-annotator/dom and @recogito/text-annotator
//               (scripts/bench/anchoring-peers.ts, also `npm run bench:anchoring-peers`).
//   js          every route's first-load JavaScript beside a blank Next page built in the same run
//               (scripts/bench-js.ts, also `npm run bench:js`).
// The last two are scripts of their own, run once the server's sections are done.
// BENCH_WRITERS, BENCH_CREATES, BENCH_PORT change the defaults below; BENCH_NODE_ARGS passes
// flags to the server's Node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where time goes).
// BENCH_LIVE_READERS, BENCH_LIVE_EVENTS, BENCH_LIVE_RATE size the live section. Before/after:
// BENCH_SAVE=file.json writes this run's figures; BENCH_BASELINE=file.json prints a saved run's
// beside this one's; BENCH_SERVER_DIR serves another checkout's build (e.g. main's) instead of
// this one; BENCH_DATABASE_NAME names the PostgreSQL database (default marginalia_bench_scale).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { setMaxListeners } from "node:events";
import { get as httpGet, type IncomingMessage } from "node:http";
import { loadavg } from "node:os";
import path from "node:path";
import { performance as clock } from "node:perf_hooks";
import autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { databaseProvider, databaseUrl, withDatabaseName } from "@/prisma/database-url";
import { dropDatabase, withMaintenanceDatabase } from "@/prisma/postgres-admin";
import type { Database } from "@/server/db/client";
import { benchReadingPage } from "./lib/bench-reading-page";
import { benchVersions } from "./lib/bench-versions";

const WRITERS = Number(process.env.BENCH_WRITERS ?? 100);
const CREATES_PER_WRITER = Number(process.env.BENCH_CREATES ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3650);
const BASE_URL = `http://localhost:${PORT}`;
const root = process.cwd();
const article = parsePlainTextArticle(readFileSync(path.join(root, "content", "taliban-ttp-and-pakistan.txt"), "utf8"));

type Person = { id: string; token: string };
type Row = { label: string; figures: Record<string, string> };
/** One running production server. */
type Instance = {
  url: string;
  /** CPU time the server's processes have used so far (ms): a figure that machine load does not inflate. */
  cpuMs: () => number;
  /** Resident memory of the server's processes now (bytes). */
  rssBytes: () => number;
  /** Statements the server has sent its database so far (scripts/lib/count-queries.cjs), written twice a second. */
  queries: () => number;
  stop: () => void;
};
type Server = Instance & {
  env: NodeJS.ProcessEnv;
  provider: "sqlite" | "postgresql";
  db: Database;
  makePeople: (count: number, label: string) => Promise<Person[]>;
  /** Another instance of the same build on the same database (PostgreSQL): stopped when the run ends. */
  startInstance: (port: number) => Promise<Instance>;
};

const SECTIONS: Record<string, (server: Server) => Promise<Row[]>> = {
  writers: benchWriters,
  live: benchLive,
  throughput: benchThroughput,
  reading: benchReadingPage,
  versions: benchVersions,
};

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
  const name = process.env.BENCH_DATABASE_NAME ?? "marginalia_bench_scale";
  await withMaintenanceDatabase(url, (admin) => dropDatabase(admin, name));
  return withDatabaseName(url, name);
}

type ProcStat = { pid: number; ppid: number; ticks: number; rssPages: number };

/** `pid` and its descendants, with their CPU ticks and resident pages, from /proc (Linux). */
function processTree(pid: number): ProcStat[] {
  const stats = readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      // Fields after the parenthesised command name: state(0) ppid(1) ... utime(11) stime(12) ... rss(21).
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      return [
        { pid: Number(entry), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), rssPages: Number(fields[21]) },
      ];
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
  return stats.filter((stat) => tree.has(stat.pid));
}

const MS_PER_TICK = 10; // USER_HZ is 100 on Linux
const PAGE_BYTES = 4096;

async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<Instance> {
  const countFile = path.join(root, "data", "bench-scale", `queries-${port}.txt`);
  mkdirSync(path.dirname(countFile), { recursive: true });
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : []),
      "--require",
      path.join(root, "scripts", "lib", "count-queries.cjs"),
      "--import",
      "tsx",
      "scripts/serve.ts",
      "--port",
      String(port),
    ],
    {
      // BENCH_SERVER_DIR: another checkout's build (say, main's) on the same database, for a before/after.
      cwd: process.env.BENCH_SERVER_DIR ?? root,
      env: { ...env, NODE_ENV: "production", NEXTAUTH_URL: `http://localhost:${port}`, BENCH_QUERY_COUNT_FILE: countFile },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const url = `http://localhost:${port}`;
  for (let attempt = 0; attempt < 240; attempt += 1) {
    try {
      if ((await fetch(`${url}/api/auth/csrf`)).ok) {
        return {
          url,
          cpuMs: () => processTree(child.pid!).reduce((sum, stat) => sum + stat.ticks, 0) * MS_PER_TICK,
          rssBytes: () => processTree(child.pid!).reduce((sum, stat) => sum + stat.rssPages, 0) * PAGE_BYTES,
          // The sum over the server's processes and threads (scripts/lib/count-queries.cjs).
          queries: () =>
            readdirSync(path.dirname(countFile))
              .filter(
                (name) =>
                  /^\d+\.\d+$/.test(name.slice(path.basename(countFile).length + 1)) && name.startsWith(`${path.basename(countFile)}.`),
              )
              .reduce((sum, name) => {
                try {
                  return sum + Number(readFileSync(path.join(path.dirname(countFile), name), "utf8"));
                } catch {
                  return sum;
                }
              }, 0),
          stop: () => child.kill("SIGTERM"),
        };
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server on port ${port} did not start`);
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
  const p99 = (samples: number[]) =>
    percentile(
      [...samples].sort((a, b) => a - b),
      99,
    );

  /**
   * All writers at once, CREATES_PER_WRITER creates each, while the prober reads. Run twice: first as
   * the writers arrive (each opens its connection with its first create, all of them while the
   * server is saturated), then again on the connections the first pass left open (keep-alive), as a
   * load generator that connects first, a proxy's pool or a browser already on the page would.
   */
  const writeOnce = async (label: string, offset: number): Promise<Row[]> => {
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
          const result = await timed(createRequest(writer, offset + writerIndex * CREATES_PER_WRITER + index), 201);
          creates.push(result.ms);
          if (!result.ok) errors += 1;
        }
      }),
    );
    const seconds = (clock.now() - started) / 1000;
    const cpuPerCreate = (server.cpuMs() - cpuBeforeWrites) / creates.length; // the prober's few reads included
    isWriting = false;
    await probing;
    return [
      {
        label: `create (${WRITERS} writers × ${CREATES_PER_WRITER}), ${label}`,
        figures: {
          ...latencyFigures(creates),
          "per s": (creates.length / seconds).toFixed(0),
          errors: String(errors),
          "server CPU each": `${cpuPerCreate.toFixed(1)} ms`,
        },
      },
      { label: "  read, during the writes", figures: latencyFigures(during) },
      {
        label: "  p99 create ÷ p99 read",
        figures: { p99: `${(p99(creates) / p99(during)).toFixed(1)}× (during), ${(p99(creates) / p99(alone)).toFixed(1)}× (alone)` },
      },
    ];
  };

  return [
    { label: "read, alone (just before)", figures: { ...latencyFigures(alone), "server CPU each": `${cpuPerRead.toFixed(1)} ms` } },
    ...(await writeOnce("connecting as they start", 0)),
    ...(await writeOnce("connections already open", WRITERS * CREATES_PER_WRITER)),
  ];
}

// ------------------------------------------------------------------------------------ live

const HEARTBEAT_MS = 15_000; // lib/live/protocol.ts

/** A kind of post, and who among the readers may see it (the benchmark's own oracle, written out by hand). */
type PostKind = { visibility: (groupId: string) => unknown; members: boolean; outsiders: boolean };
const TO_LECTURE: PostKind = { visibility: (groupId) => ({ group: groupId }), members: true, outsiders: false };
const TO_EVERYONE: PostKind = { visibility: () => "everyone", members: true, outsiders: true };
const PRIVATE: PostKind = { visibility: () => "private", members: false, outsiders: false };
/** What the writers post, in turn: mostly to the lecture's group, some to everyone, some private (which no reader may get). */
const LIVE_POSTS = [TO_LECTURE, TO_LECTURE, TO_LECTURE, TO_EVERYONE, TO_LECTURE, TO_LECTURE, PRIVATE, TO_LECTURE, TO_EVERYONE, TO_LECTURE];

/** A reader's stream: every benchmark annotation it receives, with when (this process's clock). */
type Reader = Person & {
  isMember: boolean;
  instance: number;
  arrivals: Map<number, number>;
  duplicates: number;
  refusals: number;
  failures: number;
};

/**
 * Opens one reader's event stream. The 1,000 streams stand in for 1,000 browsers but share this one
 * process (and the server's two cores), so each chunk costs as little as it can: node:http's
 * socket data rather than fetch's web streams, and the frame's counter found by a pattern rather
 * than by parsing its JSON. Otherwise the time to hand 1,000 chunks through fetch's stream
 * machinery shows up in the tail of create-to-arrival as if the server had been late.
 */
function openStream(url: string, reader: Reader, abort: AbortSignal): Promise<{ reading: Promise<void> }> {
  const request = () =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = httpGet(
        `${url}/api/documents/${article.slug}/events`,
        { headers: { Authorization: `Bearer ${reader.token}`, Accept: "text/event-stream" }, signal: abort, agent: false },
        resolve,
      );
      outgoing.on("error", reject);
    });
  const drain = (response: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve(text));
    });
  return (async () => {
    // Refused while busy (503) or over a limit (429): try again a second later, as EventSource does.
    let response = await request();
    // A 500 too, counted apart: on an overloaded machine a presence transaction can outlive Prisma's 5 s limit.
    for (
      let attempt = 0;
      attempt < 30 && (response.statusCode === 503 || response.statusCode === 429 || response.statusCode === 500);
      attempt += 1
    ) {
      if (response.statusCode === 500) reader.failures += 1;
      else reader.refusals += 1;
      await drain(response);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      response = await request();
    }
    if (response.statusCode !== 200) throw new Error(`stream refused: ${response.statusCode} ${await drain(response)}`);
    const reading = new Promise<void>((resolve, reject) => {
      let buffer = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        const now = clock.now();
        buffer += chunk;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.startsWith("event: annotation\n") && !block.includes("\nevent: annotation\n")) continue;
          // The bench's own posts say "live #N" and nothing else (no escapes), and come as kind "created".
          const match = /"body":"live #(\d+)"/.exec(block);
          if (!match || !block.includes('"kind":"created"')) continue;
          if (reader.arrivals.has(Number(match[1]))) reader.duplicates += 1;
          else reader.arrivals.set(Number(match[1]), now);
        }
      });
      response.on("end", resolve);
      response.on("error", (error) => (abort.aborted ? resolve() : reject(error)));
      response.on("close", resolve);
    });
    return { reading };
  })();
}

/** Runs `task` over `items`, `width` at a time. */
async function inWaves<T>(items: T[], width: number, task: (item: T, index: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map((item, offset) => task(item, start + offset)));
  }
}

/**
 * Lecture scale: BENCH_LIVE_READERS readers (default 1,000 over two instances on PostgreSQL, 300 on
 * one SQLite instance) follow one document; 90 % are members of the lecture's group, 10 % are not.
 * Ten writers create BENCH_LIVE_EVENTS annotations at BENCH_LIVE_RATE a second, alternating
 * instances, in the scopes above. Measured: create-to-arrival (from just before the POST to the
 * reader holding the annotation, all on this process's clock), events lost (a reader allowed to
 * see one that never got it) and leaked (a reader that got one it may not see), resident memory per
 * open stream, and what a heartbeat tick costs with every stream open and nothing written.
 */
async function benchLive(server: Server): Promise<Row[]> {
  const isPostgres = server.provider === "postgresql";
  const readerCount = Number(process.env.BENCH_LIVE_READERS ?? (isPostgres ? 1_000 : 300));
  const eventCount = Number(process.env.BENCH_LIVE_EVENTS ?? 100);
  const perSecond = Number(process.env.BENCH_LIVE_RATE ?? 5);
  const instances: Instance[] = isPostgres ? [server, await server.startInstance(PORT + 1)] : [server];

  const writers = await server.makePeople(10, "lecturer");
  const people = await server.makePeople(readerCount, "listener");
  const readers: Reader[] = people.map((person, index) => ({
    ...person,
    isMember: index % 10 !== 9,
    instance: index % instances.length,
    arrivals: new Map(),
    duplicates: 0,
    refusals: 0,
    failures: 0,
  }));
  const group = await server.db.group.create({ data: { name: "Lecture", joinCode: "LECTURE2", createdById: writers[0].id } });
  await server.db.membership.createMany({
    data: [
      ...writers.map((writer, index) => ({ groupId: group.id, userId: writer.id, role: index === 0 ? "owner" : "member" })),
      ...readers.filter((reader) => reader.isMember).map((reader) => ({ groupId: group.id, userId: reader.id, role: "member" })),
    ],
  });
  const post = (index: number, label: string) => {
    const paragraphs = article.text.split("\n\n");
    const paragraph = paragraphs[index % paragraphs.length];
    const start = article.text.indexOf(paragraph) + (index % 20);
    const { quote, position } = describeTextRange(article.text, start, start + 12);
    const visibility = LIVE_POSTS[index % LIVE_POSTS.length].visibility(group.id);
    return fetch(`${instances[index % instances.length].url}/api/documents/${article.slug}/annotations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${writers[index % writers.length].token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ target: { selector: [quote, position] }, body: `${label} #${index}`, visibility }),
    });
  };
  // Warm up: the first requests of each instance load the routes.
  for (let index = 0; index < 2 * instances.length; index += 1) await (await post(index, "warm-up")).arrayBuffer();
  const warmAbort = new AbortController();
  await Promise.all(
    instances.map((_, index) => openStream(instances[index].url, { ...readers[0], arrivals: new Map() }, warmAbort.signal)),
  );
  warmAbort.abort();
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  const rssBefore = instances.map((instance) => instance.rssBytes());
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per open stream
  const readings: Promise<void>[] = [];
  const openStarted = clock.now();
  await inWaves(readers, 10, async (reader) =>
    readings.push((await openStream(instances[reader.instance].url, reader, abort.signal)).reading),
  );
  const openSeconds = (clock.now() - openStarted) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // presence settles
  const rssAfter = instances.map((instance) => instance.rssBytes());

  // Two heartbeat periods with every stream open and nothing written: what keeping them open costs.
  // Statements sent by all instances, counted in each server's driver (scripts/lib/count-queries.cjs).
  const statements = async () => instances.reduce((sum, instance) => sum + instance.queries(), 0);
  const queriesBefore = await statements();
  const cpuBefore = instances.map((instance) => instance.cpuMs());
  await new Promise((resolve) => setTimeout(resolve, 2 * HEARTBEAT_MS + 1_000));
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // the servers write their counts twice a second
  const queriesPerTick = ((await statements()) - queriesBefore) / 2;
  const cpuPerTick = instances.map((instance, index) => (instance.cpuMs() - cpuBefore[index]) / 2);

  const sentAt = new Map<number, number>();
  // How long each create took to answer: the part of create-to-arrival that is the write itself.
  const answeredAfter: number[] = [];
  const creates: Promise<number>[] = [];
  const firstAt = clock.now();
  const cpuBeforeEvents = instances.map((instance) => instance.cpuMs());
  const queriesBeforeEvents = await statements();
  for (let index = 0; index < eventCount; index += 1) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstAt + (index * 1000) / perSecond - clock.now())));
    sentAt.set(index, clock.now());
    const sent = clock.now();
    creates.push(
      post(index, "live").then(async (response) => {
        await response.arrayBuffer();
        answeredAfter.push(clock.now() - sent);
        return response.status;
      }),
    );
  }
  const statuses = await Promise.all(creates);
  // A create that failed wrote nothing: no reader is owed it (its failure is counted apart).
  statuses.forEach((status, index) => {
    if (status !== 201) sentAt.delete(index);
  });
  const mayRead = (reader: Reader, index: number) => {
    const kind = LIVE_POSTS[index % LIVE_POSTS.length];
    return reader.isMember ? kind.members : kind.outsiders;
  };
  const expected = readers.reduce((sum, reader) => sum + [...sentAt.keys()].filter((index) => mayRead(reader, index)).length, 0);
  const received = () => readers.reduce((sum, reader) => sum + reader.arrivals.size, 0);
  const deadline = clock.now() + 20_000;
  while (clock.now() < deadline && received() < expected) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 500)); // anything it should not get would come now
  const cpuPerEvent = instances.map((instance, index) => (instance.cpuMs() - cpuBeforeEvents[index]) / eventCount);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const queriesPerEvent = ((await statements()) - queriesBeforeEvents) / eventCount;
  abort.abort();
  await Promise.allSettled(readings);

  const latencies: number[] = [];
  let lost = 0;
  let leaked = 0;
  for (const reader of readers) {
    for (const index of sentAt.keys()) {
      const arrival = reader.arrivals.get(index);
      if (!mayRead(reader, index)) {
        if (arrival !== undefined) leaked += 1;
      } else if (arrival === undefined) lost += 1;
      else latencies.push(arrival - sentAt.get(index)!);
    }
  }
  const duplicates = readers.reduce((sum, reader) => sum + reader.duplicates, 0);
  const sorted = latencies.sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const perInstance = (values: number[], format: (value: number) => string) => values.map(format).join(" / ");
  const streamsOn = instances.map((_, index) => readers.filter((reader) => reader.instance === index).length);
  const where = isPostgres ? `${instances.length} instances, PostgreSQL` : "1 instance, SQLite";
  return [
    {
      label: `${readerCount} readers, ${where}, ${eventCount} creates at ${perSecond}/s`,
      figures: {
        p50: ms(percentile(sorted, 50)),
        p95: ms(percentile(sorted, 95)),
        max: ms(sorted.at(-1) ?? NaN),
        "create answered p50 / p95": (() => {
          const answered = answeredAfter.sort((a, b) => a - b);
          return `${ms(percentile(answered, 50))} / ${ms(percentile(answered, 95))}`;
        })(),
        arrivals: `${latencies.length}/${expected}`,
        lost: String(lost),
        leaked: String(leaked),
        dup: String(duplicates),
        "create errors": String(statuses.filter((status) => status !== 201).length),
      },
    },
    {
      label: "per instance (A / B)",
      figures: {
        streams: perInstance(streamsOn, String),
        "RSS per stream": perInstance(
          instances.map((_, index) => (rssAfter[index] - rssBefore[index]) / streamsOn[index] / 1024),
          (kb) => `${kb.toFixed(0)} KiB`,
        ),
        "queries per tick (all)": `${queriesPerTick.toFixed(0)} (${(queriesPerTick / readerCount).toFixed(2)}/stream)`,
        "CPU per tick": perInstance(cpuPerTick, (value) => `${value.toFixed(0)} ms`),
        "queries per create (all)": queriesPerEvent.toFixed(1),
        "CPU per create": perInstance(cpuPerEvent, (value) => `${value.toFixed(0)} ms`),
        "opening all": `${openSeconds.toFixed(1)} s`,
        "refused, retried": String(readers.reduce((sum, reader) => sum + reader.refusals, 0)),
        "500, retried": String(readers.reduce((sum, reader) => sum + reader.failures, 0)),
      },
    },
  ];
}

// ------------------------------------------------------------------------------------ throughput

type Load = { rps: number; p50: number; p99: number; non2xx: number; errors: number; hits: number; answers: number };

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Load> {
  let hits = 0;
  let answers = 0;
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [
      {
        headers,
        // How many answers the page cache served (server/http/page-cache.ts): its X-Page-Cache header.
        onResponse: (_status, _body, _context, responseHeaders) => {
          answers += 1;
          const cache = Object.entries(responseHeaders ?? {}).find(([name]) => name.toLowerCase() === "x-page-cache");
          if (cache?.[1] === "hit") hits += 1;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    hits,
    answers,
  };
}

/**
 * Requests per second, autocannon with 10 connections for BENCH_THROUGHPUT_SECONDS (default 10)
 * each, against the reading page of a signed-in reader who sees BENCH_PAGE_ANNOTATIONS (default
 * 1,000) annotations, and against a static file of the same server (/favicon.svg) just before.
 * The reader's session is a next-auth cookie minted with the server's secret, as signing in makes.
 * The page twice: as served (the page cache answers while the database is unchanged), and rendered
 * every time ("Cache-Control: no-cache", what a first visit or any visit after a change costs).
 */
async function benchThroughput(server: Server): Promise<Row[]> {
  const count = Number(process.env.BENCH_PAGE_ANNOTATIONS ?? 1_000);
  const seconds = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 10);
  // Twenty each: within every writer's burst allowance (server/limits/write-rate.ts).
  const writers = await server.makePeople(Math.ceil(count / 20), "annotator");
  let errors = 0;
  await inWaves(writers, 10, async (writer, writerIndex) => {
    for (let index = writerIndex * 20; index < Math.min(count, (writerIndex + 1) * 20); index += 1) {
      const result = await timed(createRequest(writer, index), 201);
      if (!result.ok) errors += 1;
    }
  });
  if (errors > 0) throw new Error(`${errors} of ${count} annotations could not be created`);
  const [reader] = await server.makePeople(1, "page-reader");
  // Everyone's annotations shown, not the default "mine and my groups'": this reader is in no group,
  // and the page is to paint all of them.
  await server.db.readerPreference.create({ data: { userId: reader.id, readerView: "everyone" } });
  const user = await server.db.user.findUniqueOrThrow({
    where: { id: reader.id },
    select: { name: true, email: true, sessionVersion: true },
  });
  const jwt = await encode({
    token: { sub: reader.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion, sid: randomUUID() },
    secret: server.env.NEXTAUTH_SECRET!,
  });
  const signedIn = { cookie: `next-auth.session-token=${jwt}` };
  const pageUrl = `${server.url}/read/${article.slug}`;
  const page = await fetch(pageUrl, { headers: signedIn });
  const html = await page.text();
  // Past 500 the page carries stubs, not the notes' words: the highlights painted in it are the check.
  const marks = (html.match(/<mark /g) ?? []).length;
  if (page.status !== 200 || marks === 0) throw new Error(`the reading page did not show the annotations (${page.status}, ${marks} marks)`);
  // Warm both up: the first requests load the route and fill caches.
  const rendered = { ...signedIn, "cache-control": "no-cache" };
  await load(`${server.url}/favicon.svg`, {}, 2);
  await load(pageUrl, signedIn, 2);
  await load(pageUrl, rendered, 2);
  await load(pageUrl, {}, 2);
  const statics = await load(`${server.url}/favicon.svg`, {}, seconds);
  const pages = await load(pageUrl, signedIn, seconds);
  // As a browser asks: gzip, which a page served again is compressed into anew (its nonce is new).
  const gzipPages = await load(pageUrl, { ...signedIn, "accept-encoding": "gzip" }, seconds);
  const renderedPages = await load(pageUrl, rendered, seconds);
  // The same page signed out (the article, no annotations, no session): the floor a dynamic page
  // of this app costs, whatever it carries.
  const bare = await load(pageUrl, { "cache-control": "no-cache" }, seconds);
  const figures = (result: Load) => ({
    "req/s": result.rps.toFixed(0),
    p50: `${result.p50} ms`,
    p99: `${result.p99} ms`,
    "non-2xx": String(result.non2xx),
    errors: String(result.errors),
    "from cache": result.answers > 0 ? `${((100 * result.hits) / result.answers).toFixed(1)} %` : "—",
  });
  const label = `reading page, ${count} visible annotations (${(html.length / 1024).toFixed(0)} KiB HTML)`;
  return [
    { label: "static file (/favicon.svg)", figures: figures(statics) },
    { label: `${label}, as served`, figures: figures(pages) },
    { label: `${label}, as served, gzip`, figures: figures(gzipPages) },
    { label: `${label}, rendered every time`, figures: figures(renderedPages) },
    { label: "reading page, signed out, rendered every time (no annotations)", figures: figures(bare) },
    { label: "page as served ÷ static", figures: { "req/s": `${(pages.rps / statics.rps).toFixed(3)} (target ≥ 0.25)` } },
    { label: "page as served, gzip ÷ static", figures: { "req/s": (gzipPages.rps / statics.rps).toFixed(3) } },
    { label: "page rendered ÷ static", figures: { "req/s": (renderedPages.rps / statics.rps).toFixed(3) } },
    { label: "signed out rendered ÷ static", figures: { "req/s": (bare.rps / statics.rps).toFixed(3) } },
  ];
}

// ------------------------------------------------------------------------------------ main

/**
 * Sections that are whole scripts of their own (they need no server of this run, and print their own
 * tables), run after the server's sections with the server stopped, so that it takes no CPU from them.
 */
const SCRIPT_SECTIONS: Record<string, { script: string }> = {
  // Our anchoring and painting beside dom-anchor-text-quote, @apache-annotator/dom and @recogito/text-annotator.
  peers: { script: "scripts/bench/anchoring-peers.ts" },
  // Every route's first-load JavaScript beside a blank Next page built in the same run.
  js: { script: "scripts/bench-js.ts" },
};

function runScriptSection(name: string) {
  const { script } = SCRIPT_SECTIONS[name];
  console.log(`\n${name} (${script})`);
  execFileSync(path.join(root, "node_modules", ".bin", "tsx"), [script], { cwd: root, stdio: "inherit" });
}

async function main() {
  const wanted = process.argv.slice(2).filter((arg) => arg !== "--");
  const chosen = wanted.length > 0 ? wanted : [...Object.keys(SECTIONS), ...Object.keys(SCRIPT_SECTIONS)];
  for (const name of chosen)
    if (!SECTIONS[name] && !SCRIPT_SECTIONS[name])
      throw new Error(`No section "${name}" (sections: ${[...Object.keys(SECTIONS), ...Object.keys(SCRIPT_SECTIONS)].join(", ")}).`);
  const sections = chosen.filter((name) => SECTIONS[name]);
  if (sections.length > 0) await runServerSections(sections);
  for (const name of chosen) if (SCRIPT_SECTIONS[name]) runScriptSection(name);
}

async function runServerSections(sections: string[]) {
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

  const main = await startServer(env, PORT);
  const others: Instance[] = [];
  const provider = databaseProvider(url);
  const load = loadavg().map((value) => value.toFixed(1));
  console.log(`bench:scale on ${provider}, production build, ${new Date().toISOString()}, load average ${load.join(" ")}`);
  const baseline = process.env.BENCH_BASELINE
    ? (JSON.parse(readFileSync(process.env.BENCH_BASELINE, "utf8")) as Record<string, Row[]>)
    : {};
  const results: Record<string, Row[]> = {};
  try {
    const server: Server = {
      ...main,
      env,
      provider,
      db,
      makePeople,
      startInstance: async (port) => {
        const instance = await startServer(env, port);
        others.push(instance);
        return instance;
      },
    };
    for (const name of sections) {
      results[name] = await SECTIONS[name](server);
      printTable(name, withBaseline(results[name], baseline[name]));
    }
    if (process.env.BENCH_SAVE) writeFileSync(process.env.BENCH_SAVE, JSON.stringify(results, null, 2));
  } finally {
    for (const instance of [main, ...others]) instance.stop();
    await db.$disconnect();
  }
}

/** This run's rows, each after the saved baseline's row of the same label (BENCH_BASELINE, written by BENCH_SAVE). */
function withBaseline(rows: Row[], before: Row[] | undefined): Row[] {
  if (!before) return rows;
  return rows.flatMap((row) => {
    const old = before.find((candidate) => candidate.label === row.label);
    return old
      ? [
          { label: `${row.label} — before`, figures: old.figures },
          { label: `${row.label} — now`, figures: row.figures },
        ]
      : [row];
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

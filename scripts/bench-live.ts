// Benchmark: how fast a new annotation reaches the other readers of a document.
//
// 500 annotations are created one after another (10 per second) by a writer on instance A while
// 50 readers, each a different member of the same study group, are connected. Latency is the time
// from just before the writer's POST to the moment a reader holds the annotation; every figure is
// over all 500 × 50 arrivals, all measured in this one process (one clock). Side by side, in the
// same run and on the same PostgreSQL:
//   1. live, across instances: readers' streams on instance B (NOTIFY → B's LISTEN → fan-out);
//   2. live, one instance:     readers' streams on instance A, where the write happens;
//   3. baseline, polling:      readers on B fetch the annotation list once a second instead.
//
// Usage (after `npm run build`, with PostgreSQL reachable):
//   DATABASE_URL=postgresql://user:pass@127.0.0.1:5432/marginalia npm run bench:live
// The benchmark uses its own database, "marginalia_bench", on that server (dropped and made anew).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance as clock } from "node:perf_hooks";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { liveEventsPath } from "@/lib/live/protocol";
import { databaseProvider, databaseUrl, withDatabaseName } from "@/prisma/database-url";
import { dropDatabase, withMaintenanceDatabase } from "@/prisma/postgres-admin";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 500);
const READERS = Number(process.env.BENCH_READERS ?? 50);
const EVENTS_PER_SECOND = 10;
const PORT_A = 3600;
const PORT_B = 3601;
const root = process.cwd();
const article = parsePlainTextArticle(readFileSync(path.join(root, "content", "taliban-ttp-and-pakistan.txt"), "utf8"));

type Person = { id: string; token: string };
const SCENARIOS = ["warm-a", "warm-b", "cross", "single", "poll"] as const;
type Arrivals = Map<number, number[]>; // event number → arrival times (ms, this process's clock)

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function startInstance(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(path.join(root, "node_modules", ".bin", "next"), ["start", "--port", String(port)], {
    cwd: root,
    env: { ...env, NEXTAUTH_URL: `http://localhost:${port}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      if ((await fetch(`http://localhost:${port}/api/auth/csrf`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`instance on port ${port} did not start`);
}

/** A fresh benchmark database with a writer and READERS members of one group, each with an API token. */
async function prepare(env: NodeJS.ProcessEnv) {
  execFileSync("npx", ["tsx", "scripts/prepare-database.ts"], { cwd: root, env, stdio: "ignore" });
  process.env.DATABASE_URL = env.DATABASE_URL;
  const { db } = await import("@/server/db/client");
  const { createApiToken } = await import("@/server/tokens/create-api-token");
  const makePerson = async (label: string): Promise<Person> => {
    const user = await db.user.create({ data: { email: `${label}@bench.test`, name: `Bench ${label}` } });
    const { token } = await createApiToken({ userId: user.id, name: "bench", scope: "read-write", expiresInDays: 30 });
    return { id: user.id, token };
  };
  // A writer per scenario, so the polling readers' list holds exactly that scenario's annotations.
  const writers = Object.fromEntries(
    await Promise.all(SCENARIOS.map(async (label) => [label, await makePerson(`writer-${label}`)] as const)),
  );
  const readers = await Promise.all(Array.from({ length: READERS }, (_, index) => makePerson(`reader-${index}`)));
  const owner = writers[SCENARIOS[0]];
  const group = await db.group.create({ data: { name: "Bench seminar", joinCode: "BENCH234", createdById: owner.id } });
  await db.membership.createMany({
    data: [
      ...Object.values(writers).map((writer) => ({ groupId: group.id, userId: writer.id, role: writer === owner ? "owner" : "member" })),
      ...readers.map((reader) => ({ groupId: group.id, userId: reader.id, role: "member" })),
    ],
  });
  return { writers, readers, groupId: group.id };
}

/** One reader's live stream: records when each benchmark annotation arrives. */
function listen(baseUrl: string, reader: Person, label: string, arrivals: Arrivals, abort: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    void (async () => {
      const response = await fetch(`${baseUrl}${liveEventsPath(article.slug)}`, {
        headers: { Authorization: `Bearer ${reader.token}`, Accept: "text/event-stream" },
        signal: abort,
      });
      if (!response.ok || !response.body) throw new Error(`stream refused: ${response.status}`);
      resolve(); // connected
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        const stream = response.body.getReader();
        for (let chunk = await stream.read(); !chunk.done; chunk = await stream.read()) {
          buffer += decoder.decode(chunk.value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!/^event: annotation$/m.test(block)) continue;
            const data = JSON.parse(
              block
                .split("\n")
                .filter((line) => line.startsWith("data: "))
                .map((line) => line.slice(6))
                .join("\n"),
            );
            const match = new RegExp(`^${label} #(\\d+)$`).exec(data.annotation?.body ?? "");
            if (match && data.kind === "created") arrivals.get(Number(match[1]))?.push(clock.now());
          }
        }
      } catch (error) {
        if (!abort.aborted) throw error;
      }
    })().catch(reject);
  });
}

/** One reader polling the list once a second, as a client without live updates would. */
function poll(baseUrl: string, reader: Person, writerId: string, label: string, arrivals: Arrivals, abort: AbortSignal): Promise<void> {
  const seen = new Set<number>();
  const once = async () => {
    const response = await fetch(`${baseUrl}/api/documents/${article.slug}/annotations?author=${writerId}&limit=500`, {
      headers: { Authorization: `Bearer ${reader.token}` },
      signal: abort,
    });
    const page = (await response.json()) as { items: { body: string }[] };
    const now = clock.now();
    for (const item of page.items) {
      const match = new RegExp(`^${label} #(\\d+)$`).exec(item.body);
      if (match && !seen.has(Number(match[1]))) {
        seen.add(Number(match[1]));
        arrivals.get(Number(match[1]))?.push(now);
      }
    }
  };
  return (async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_000)); // readers are not in lockstep
    while (!abort.aborted) {
      const started = clock.now();
      await once().catch((error) => {
        if (!abort.aborted) throw error;
      });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_000 - (clock.now() - started))));
    }
  })();
}

async function runScenario(options: {
  label: string;
  writeTo: string;
  readFrom: string;
  mode: "live" | "poll";
  writer: Person;
  readers: Person[];
  groupId: string;
  events?: number;
}) {
  const { label, writeTo, readFrom, mode, writer, readers, groupId, events = EVENTS } = options;
  const arrivals: Arrivals = new Map(Array.from({ length: events }, (_, index) => [index, []]));
  const sentAt = new Map<number, number>();
  const abort = new AbortController();
  const readersDone =
    mode === "live"
      ? await Promise.all(readers.map((reader) => listen(readFrom, reader, label, arrivals, abort.signal)))
      : readers.map((reader) => poll(readFrom, reader, writer.id, label, arrivals, abort.signal));
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // every stream subscribed

  const paragraphs = article.text.split("\n\n");
  const interval = 1_000 / EVENTS_PER_SECOND;
  const firstAt = clock.now();
  for (let index = 0; index < events; index += 1) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstAt + index * interval - clock.now())));
    const paragraph = paragraphs[index % paragraphs.length];
    const start = article.text.indexOf(paragraph) + (index % 20);
    const { quote, position } = describeTextRange(article.text, start, start + 12);
    sentAt.set(index, clock.now());
    const response = await fetch(`${writeTo}/api/documents/${article.slug}/annotations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${writer.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ target: { selector: [quote, position] }, body: `${label} #${index}`, visibility: { group: groupId } }),
    });
    if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  }
  // Let the last arrivals come in (polling needs up to a second plus the request).
  const deadline = clock.now() + 10_000;
  while (clock.now() < deadline && [...arrivals.values()].some((times) => times.length < readers.length)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  abort.abort();
  await Promise.allSettled(readersDone);

  const latencies: number[] = [];
  for (const [index, times] of arrivals) for (const time of times) latencies.push(time - sentAt.get(index)!);
  latencies.sort((a, b) => a - b);
  return {
    delivered: latencies.length,
    expected: events * readers.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies[latencies.length - 1],
  };
}

async function main() {
  const serverUrl = databaseUrl();
  if (databaseProvider(serverUrl) !== "postgresql") {
    throw new Error("bench:live compares instances sharing PostgreSQL: set DATABASE_URL=postgresql://…");
  }
  await withMaintenanceDatabase(serverUrl, (admin) => dropDatabase(admin, "marginalia_bench"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: withDatabaseName(serverUrl, "marginalia_bench"),
    NEXTAUTH_SECRET: "bench-only-secret",
    NODE_ENV: "production",
  };
  const { writers, readers, groupId } = await prepare(env);
  const instances = [await startInstance(PORT_A, env), await startInstance(PORT_B, env)];
  const a = `http://localhost:${PORT_A}`;
  const b = `http://localhost:${PORT_B}`;
  try {
    const common = { readers, groupId };
    // Warm both instances up (first requests compile routes and fill caches); not measured.
    for (const [label, readFrom] of [
      ["warm-a", a],
      ["warm-b", b],
    ] as const) {
      await runScenario({
        ...common,
        writer: writers[label],
        readers: readers.slice(0, 5),
        label,
        writeTo: a,
        readFrom,
        mode: "live",
        events: 20,
      });
    }
    const results = [
      {
        name: "live, A → readers on B (NOTIFY/LISTEN)",
        ...(await runScenario({ ...common, writer: writers.cross, label: "cross", writeTo: a, readFrom: b, mode: "live" })),
      },
      {
        name: "live, A → readers on A (one instance)",
        ...(await runScenario({ ...common, writer: writers.single, label: "single", writeTo: a, readFrom: a, mode: "live" })),
      },
      {
        name: "baseline: poll every second (on B)",
        ...(await runScenario({ ...common, writer: writers.poll, label: "poll", writeTo: a, readFrom: b, mode: "poll" })),
      },
    ];
    console.log(`\n${EVENTS} annotations × ${READERS} connected readers, ${EVENTS_PER_SECOND} creates/s, PostgreSQL, production build`);
    console.log(`${"".padEnd(42)}${"p50".padStart(10)}${"p95".padStart(10)}${"max".padStart(10)}   delivered`);
    for (const result of results) {
      const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);
      console.log(`${result.name.padEnd(42)}${ms(result.p50)}${ms(result.p95)}${ms(result.max)}   ${result.delivered}/${result.expected}`);
    }
  } finally {
    for (const instance of instances) instance.kill("SIGTERM");
    const { db } = await import("@/server/db/client");
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

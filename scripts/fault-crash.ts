// Fault campaign: the server is killed (SIGKILL) while 50 writers create annotations and replies.
//
// The production server (`next build` output, served by scripts/serve.ts) runs on a fresh
// database. Each writer, a group member with a read-write API token, creates annotations (half
// private, half for the group, with tags) and replies to the group's annotations as fast as the
// server answers. Mid-load the server is killed with SIGKILL — no shutdown handler runs — and
// started again; this happens CRASH_KILLS times. Writes that got no answer are sent again after
// the last restart with the same clientToken, as the reading page's outbox does. Then, with the
// server stopped, the database is read directly:
//   - every create answered 201 is there, with the body and tags it was answered with;
//   - nothing is half-written: every annotation has its "created" event and every event its
//     annotation, every reply has a top-level parent on the same document (and, on SQLite,
//     integrity_check and foreign_key_check are clean);
//   - every clientToken sent has exactly one row (none lost, none doubled by the retries).
//
// Usage (after `npm run build`):
//   npm run fault:crash                                  SQLite (data/fault-crash.db)
//   DATABASE_URL=postgresql://user:pass@127.0.0.1:5432/marginalia npm run fault:crash
//                                                        PostgreSQL, database "marginalia_fault_crash" on that server
// CRASH_SQLITE_NAME (fault-crash) and CRASH_DATABASE_NAME name the database; CRASH_WRITERS (50), CRASH_KILLS (2), CRASH_LOAD_SECONDS (4) and CRASH_MIN_ANSWERED (150): each kill comes
// at least that long after the (re)start and once that many writes were answered; CRASH_PORT (3640).
// Exits non-zero when any check fails.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { databaseProvider } from "@/prisma/database-url";
import { freshDatabase, killServer, serverEnv, sleep, startServer } from "./lib/production-server";

const WRITERS = Number(process.env.CRASH_WRITERS ?? 50);
const KILLS = Number(process.env.CRASH_KILLS ?? 2);
const LOAD_MS = Number(process.env.CRASH_LOAD_SECONDS ?? 4) * 1000;
const MIN_ANSWERED = Number(process.env.CRASH_MIN_ANSWERED ?? 150);
const PORT = Number(process.env.CRASH_PORT ?? 3640);
const BASE = `http://127.0.0.1:${PORT}`;
const root = process.cwd();

type Writer = { id: string; token: string };
/** One write as the client sent it; `answered` once a response came back. */
type Write = {
  writer: number;
  kind: "annotation" | "reply";
  clientToken: string;
  body: string;
  tags: string[];
  parentId?: string;
  payload: unknown;
  url: string;
  status?: number;
  id?: string;
  answeredTags?: string[];
  /** Why no answer came: the server was down (connection refused), or died while handling it. */
  lostAnswer?: "refused" | "cut off";
};

async function send(write: Write, writer: Writer): Promise<void> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${BASE}${write.url}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${writer.token}` },
      body: JSON.stringify(write.payload),
    });
    text = await response.text();
  } catch (error) {
    // No (whole) answer: to be sent again later.
    write.lostAnswer = (error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED" ? "refused" : "cut off";
    return;
  }
  if (response.status === 201 || response.status === 200) {
    const saved = JSON.parse(text) as { id: string; tags?: string[] };
    Object.assign(write, { status: response.status, id: saved.id, answeredTags: saved.tags ?? [] });
  } else {
    write.status = response.status;
  }
}

async function main() {
  const url = await freshDatabase(
    process.env.CRASH_SQLITE_NAME ?? "fault-crash",
    process.env.CRASH_DATABASE_NAME ?? "marginalia_fault_crash",
  );
  const provider = databaseProvider(url);
  const env = serverEnv(url, PORT);
  execFileSync("npx", ["tsx", "scripts/prepare-database.ts"], { cwd: root, env, stdio: "ignore" });

  process.env.DATABASE_URL = url;
  const { db } = await import("@/server/db/client");
  const { createApiToken } = await import("@/server/tokens/create-api-token");
  const document = await db.document.findFirstOrThrow({
    orderBy: { slug: "asc" },
    select: { id: true, slug: true, versions: { orderBy: { number: "desc" }, take: 1, select: { text: true } } },
  });
  const text = document.versions[0].text;
  const writers: Writer[] = [];
  for (let index = 0; index < WRITERS; index += 1) {
    const user = await db.user.create({ data: { email: `writer-${index}@crash.test`, name: `Writer ${index}` } });
    writers.push({
      id: user.id,
      token: (await createApiToken({ userId: user.id, name: "crash", scope: "read-write", expiresInDays: 30 })).token,
    });
  }
  const group = await db.group.create({ data: { name: "Crash seminar", createdById: writers[0].id } });
  await db.membership.createMany({
    data: writers.map((writer, index) => ({ groupId: group.id, userId: writer.id, role: index === 0 ? "owner" : "member" })),
  });

  const writes: Write[] = [];
  /** Group annotations answered 201, which anyone may reply to. */
  const threads: string[] = [];
  let running = true;
  let sequence = 0;
  const newWrite = (writerIndex: number): Write => {
    sequence += 1;
    const clientToken = `crash-${randomUUID()}`;
    if (threads.length > 0 && sequence % 3 === 0) {
      const parentId = threads[sequence % threads.length];
      const body = `Reply ${sequence} by writer ${writerIndex}`;
      return {
        writer: writerIndex,
        kind: "reply",
        clientToken,
        body,
        tags: [],
        parentId,
        url: `/api/annotations/${parentId}/replies`,
        payload: { body, clientToken },
      };
    }
    const start = (sequence * 37) % (text.length - 40);
    const { quote, position } = describeTextRange(text, start, start + 20);
    const body = `Note ${sequence} by writer ${writerIndex}`;
    const tags = [`w${writerIndex}`, `n${sequence}`];
    const visibility = sequence % 2 === 0 ? "private" : { group: group.id };
    return {
      writer: writerIndex,
      kind: "annotation",
      clientToken,
      body,
      tags,
      url: `/api/documents/${document.slug}/annotations`,
      payload: { target: { selector: [quote, position] }, body, tags, visibility, clientToken },
    };
  };
  const writerLoop = async (writerIndex: number) => {
    while (running) {
      const write = newWrite(writerIndex);
      writes.push(write);
      await send(write, writers[writerIndex]);
      if (write.id && write.kind === "annotation" && typeof (write.payload as { visibility: unknown }).visibility === "object") {
        threads.push(write.id);
      }
      if (write.status === undefined) await sleep(200); // the server is down: do not spin
      if (write.status === 429) await sleep(1_000);
    }
  };

  let server = await startServer(env, PORT);
  console.log(`fault:crash on ${provider}: ${WRITERS} writers, ${KILLS} SIGKILLs, ${LOAD_MS / 1000} s of load before each`);
  const loops = writers.map((_, index) => writerLoop(index));
  const restarts: number[] = [];
  for (let kill = 0; kill < KILLS; kill += 1) {
    // Kill under real load: after LOAD_MS and once this server has answered a fair number of writes.
    const answeredAtStart = writes.filter((write) => write.id).length;
    const deadline = Date.now() + 60_000;
    await sleep(LOAD_MS);
    while (writes.filter((write) => write.id).length - answeredAtStart < MIN_ANSWERED && Date.now() < deadline) await sleep(100);
    const before = writes.filter((write) => write.id).length;
    await killServer(server.child, "SIGKILL");
    console.log(`  SIGKILL ${kill + 1} after ${before} writes answered`);
    server = await startServer(env, PORT);
    restarts.push(server.startedInMs);
  }
  await sleep(LOAD_MS / 2);
  running = false;
  await Promise.all(loops);

  // What got no answer (or a 5xx/429) is sent again with its clientToken, as the outbox would.
  const unanswered = writes.filter((write) => !write.id);
  // A 503 says "try again" (the outbox does); a 500 is a bug.
  const serverErrors = unanswered.filter((write) => write.status !== undefined && write.status >= 500 && write.status !== 503).length;
  const unansweredStatuses = countBy(
    unanswered.map((write) =>
      write.status ? String(write.status) : write.lostAnswer === "refused" ? "refused while down" : "cut off mid-request",
    ),
  );
  for (let round = 0; round < 5 && writes.some((write) => !write.id); round += 1) {
    const pending = writes.filter((write) => !write.id);
    for (let index = 0; index < pending.length; index += 10) {
      await Promise.all(pending.slice(index, index + 10).map((write) => send(write, writers[write.writer])));
    }
  }
  await killServer(server.child, "SIGTERM");

  // The database, read directly.
  const answeredBeforeRetry = writes.filter((write) => !unanswered.includes(write));
  const answered201 = answeredBeforeRetry.filter((write) => write.status === 201);
  const rows = await db.annotation.findMany({
    where: { clientToken: { startsWith: "crash-" } },
    select: { id: true, clientToken: true, body: true, parentId: true, documentId: true, tags: { select: { name: true } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = answered201.filter((write) => !byId.has(write.id!));
  const wrongContent = answered201.filter((write) => {
    const row = byId.get(write.id!);
    if (!row) return false;
    const tags = row.tags.map((tag) => tag.name).sort();
    return row.body !== write.body || JSON.stringify(tags) !== JSON.stringify([...write.tags].sort());
  });
  const tokensSent = new Set(writes.map((write) => write.clientToken));
  const rowsPerToken = countBy(rows.map((row) => row.clientToken!));
  const lost = [...tokensSent].filter((token) => !rowsPerToken[token]).length;
  const doubled = Object.values(rowsPerToken).filter((count) => count > 1).length;

  // The database is this run's alone: read every row (an `in` list of thousands of ids exceeds SQLite's parameter limit).
  const created = await db.annotationEvent.findMany({ where: { change: "created" }, select: { annotationId: true } });
  const withEvent = new Set(created.map((event) => event.annotationId));
  const withoutEvent = rows.filter((row) => !withEvent.has(row.id)).length;
  const eventIds = await db.annotationEvent.findMany({ select: { annotationId: true }, distinct: ["annotationId"] });
  const everyAnnotation = await db.annotation.findMany({ select: { id: true, documentId: true, parentId: true } });
  const parents = new Map(everyAnnotation.map((row) => [row.id, row]));
  const orphanEvents = eventIds.filter((event) => !parents.has(event.annotationId)).length;
  const replies = rows.filter((row) => row.parentId);
  const orphanReplies = replies.filter((row) => {
    const parent = parents.get(row.parentId!);
    return !parent || parent.documentId !== row.documentId || parent.parentId !== null;
  }).length;
  let integrity = "n/a (PostgreSQL enforces foreign keys)";
  if (provider === "sqlite") {
    const check = await db.$queryRawUnsafe<Array<{ integrity_check: string }>>("PRAGMA integrity_check");
    const foreignKeys = await db.$queryRawUnsafe<unknown[]>("PRAGMA foreign_key_check");
    integrity = `integrity_check ${check.map((row) => row.integrity_check).join(",")}, foreign_key_check ${foreignKeys.length} rows`;
  }
  await db.$disconnect();

  const halfWritten = withoutEvent + orphanEvents + orphanReplies;
  const failures = missing.length + wrongContent.length + halfWritten + lost + doubled + serverErrors;
  const statuses = countBy(answeredBeforeRetry.map((write) => String(write.status)));
  console.log(
    [
      `  writes sent under load            ${writes.length} (${writes.filter((write) => write.kind === "reply").length} replies)`,
      `  answered before the retries       ${answeredBeforeRetry.length}: ${format(statuses)}`,
      `  not answered 201                  ${unanswered.length}: ${format(unansweredStatuses)}`,
      `  5xx other than 503                ${serverErrors}`,
      `  restarts took                     ${restarts.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ")}`,
      `  answered 201, found after restart ${answered201.length - missing.length} of ${answered201.length} (missing ${missing.length}, content differs ${wrongContent.length})`,
      `  half-written                      ${halfWritten} (annotations without their created event ${withoutEvent}, events without annotation ${orphanEvents}, replies without a thread ${orphanReplies})`,
      `  after retrying with clientToken   ${tokensSent.size} tokens: lost ${lost}, doubled ${doubled}`,
      `  database checks                   ${integrity}`,
      failures === 0 ? "  OK" : `  FAILED: ${failures} problems`,
    ].join("\n"),
  );
  if (failures > 0 || (provider === "sqlite" && !integrity.startsWith("integrity_check ok, foreign_key_check 0"))) process.exitCode = 1;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function format(counts: Record<string, number>): string {
  return (
    Object.entries(counts)
      .map(([key, count]) => `${key} × ${count}`)
      .join(", ") || "none"
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

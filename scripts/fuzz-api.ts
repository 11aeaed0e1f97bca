// Fault campaign: property-based fuzzing of every documented API operation (tests/fuzz/api-fuzzer.ts)
// against the production server on a fresh database, as anonymous, member and instructor (API tokens).
// Prints the figures; exits non-zero on any 5xx, partial write or refusal outside the one error shape.
//
// Usage (after `npm run build`):
//   npm run fuzz:api                                   SQLite (data/fuzz-api.db), 10,000 requests
//   DATABASE_URL=postgresql://user:pass@127.0.0.1:5432/marginalia npm run fuzz:api
//                                                      PostgreSQL, database "marginalia_fuzz_api"
// FUZZ_REQUESTS (10000), FUZZ_SEED (20261129), FUZZ_PORT (3641).
import { execFileSync } from "node:child_process";
import { generateRequests, runFuzz, type FuzzCaller, type FuzzRole } from "@/tests/fuzz/api-fuzzer";
import { countRows, createFixtures, exportsSnapshot } from "@/tests/fuzz/fuzz-setup";
import { freshDatabase, killServer, serverEnv, startServer } from "./lib/production-server";

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const PORT = Number(process.env.FUZZ_PORT ?? 3641);
const BASE = `http://127.0.0.1:${PORT}`;

async function main() {
  const url = await freshDatabase("fuzz-api", process.env.FUZZ_DATABASE_NAME ?? "marginalia_fuzz_api");
  const env = serverEnv(url, PORT);
  execFileSync("npx", ["tsx", "scripts/prepare-database.ts"], { env, stdio: "ignore" });
  process.env.DATABASE_URL = url;
  const { db } = await import("@/server/db/client");
  const { createApiToken } = await import("@/server/tokens/create-api-token");
  const person = async (label: string): Promise<FuzzCaller> => {
    const user = await db.user.create({ data: { email: `${label}@fuzz.test`, name: `Fuzz ${label}` } });
    const { token } = await createApiToken({ userId: user.id, name: "fuzz", scope: "read-write", expiresInDays: 30 });
    return { role: "member", headers: { authorization: `Bearer ${token}` } };
  };
  const owner = await person("owner");
  const callers: Record<FuzzRole, FuzzCaller> = {
    anonymous: { role: "anonymous", headers: {} },
    member: { ...(await person("member")), role: "member" },
    instructor: { ...(await person("instructor")), role: "instructor" },
  };
  const document = await db.document.findFirstOrThrow({
    orderBy: { slug: "asc" },
    select: { slug: true, versions: { select: { text: true } } },
  });
  await db.$disconnect();

  const server = await startServer(env, PORT);
  try {
    const fixtures = await createFixtures(
      BASE,
      { owner, member: callers.member, instructor: callers.instructor },
      {
        slug: document.slug,
        exact: document.versions[0].text.slice(0, 24),
      },
    );
    const openapi = (await (await fetch(`${BASE}/api/openapi.json`)).json()) as Parameters<typeof generateRequests>[0];
    const requests = generateRequests(openapi, fixtures, REQUESTS, SEED);
    const rows = await countRows(url);
    const started = Date.now();
    const result = await runFuzz(requests, {
      baseUrl: BASE,
      callers,
      snapshot: async () => `${await rows()}\n${await exportsSnapshot(BASE, callers, fixtures)}`,
      onProgress: (done) => done % 1000 === 0 && console.log(`  ${done} requests…`),
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      [
        `fuzz:api on ${url.startsWith("file:") ? "sqlite" : "postgresql"}, seed ${SEED}: ${result.requests} requests over ${result.operations} operation paths in ${seconds.toFixed(0)} s`,
        `  per role            anonymous ${result.perRole.anonymous}, member ${result.perRole.member}, instructor ${result.perRole.instructor}`,
        `  statuses            ${Object.entries(result.statuses)
          .map(([status, count]) => `${status} × ${count}`)
          .join(", ")}`,
        `  refused (4xx)       ${result.refused}`,
        `  5xx                 ${result.serverErrors}`,
        `  partial writes      ${result.partialWrites}`,
        `  not the error shape ${result.wrongShape}`,
      ].join("\n"),
    );
    for (const finding of result.findings.slice(0, 20)) {
      console.log(
        `  ! ${finding.problem}: ${finding.request.caller} ${finding.request.method} ${finding.request.url.slice(0, 120)} → ${finding.status} ${finding.detail.slice(0, 200)}`,
      );
      if (finding.request.body) console.log(`      body ${finding.request.body.slice(0, 200)}`);
    }
    if (result.findings.length > 0) process.exitCode = 1;
  } finally {
    await killServer(server.child, "SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// The suite's small run of `npm run fault:crash` (scripts/fault-crash.ts): a production server of
// its own, on a database of its own, killed with SIGKILL under 10 writers and restarted; every
// create answered 201 must be there and nothing half-written. The script does the checking and
// exits non-zero on any problem; this test runs it and reads its verdict.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "../test";

test("SIGKILL under write load loses no answered create and leaves nothing half-written", async () => {
  test.setTimeout(240_000);
  const port = Number(process.env.E2E_PORT ?? 3100) + 30;
  const { stdout } = await promisify(execFile)("npx", ["tsx", "--conditions=react-server", "scripts/fault-crash.ts"], {
    env: {
      ...process.env,
      CRASH_WRITERS: "10",
      CRASH_KILLS: "1",
      CRASH_LOAD_SECONDS: "2",
      CRASH_MIN_ANSWERED: "30",
      CRASH_PORT: String(port),
      CRASH_SQLITE_NAME: "e2e-fault-crash",
      CRASH_DATABASE_NAME: `${process.env.E2E_DATABASE_NAME ?? "marginalia_e2e"}_crash`,
    },
  });
  expect(stdout).toMatch(/half-written\s+0 \(/);
  expect(stdout).toMatch(/answered 201, found after restart (\d+) of \1 \(missing 0, content differs 0\)/);
  expect(stdout).toMatch(/\n {2}OK\n/);
});

// The reader's outbox while the database cannot write (issue #11, "disk full / database read-only").
// Runs after every other test (its own project in playwright.config.ts), because it takes writing
// away from the whole server: on PostgreSQL the e2e database turns read-only
// (default_transaction_read_only, the server's connections restarted onto it); on SQLite another
// process holds the file's write lock (the full disk and read-only file themselves are mapped to 503
// on the real database by server/db/database-full-or-read-only.test.ts).
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "../test";
import { databaseProvider, databaseUrl, withDatabaseName } from "@/prisma/database-url";
import { quoteIdentifier, withMaintenanceDatabase } from "@/prisma/postgres-admin";
import { annotate, createPerson } from "../factories";
import { ARTICLE_PATH, storedOutbox } from "../fixtures";

const PASSAGE = "Empirical evidence from the United Nations";

/** Stops the e2e database from taking writes; returns how to give them back. */
async function takeWritesAway(): Promise<() => Promise<void>> {
  const url = databaseUrl();
  if (databaseProvider(url) === "sqlite") {
    const sqlite = new Database(path.join(process.cwd(), "data/e2e.db"));
    sqlite.exec("BEGIN IMMEDIATE"); // the write lock, held until ROLLBACK
    return async () => {
      sqlite.exec("ROLLBACK");
      sqlite.close();
    };
  }
  const name = process.env.E2E_DATABASE_NAME ?? "marginalia_e2e";
  // The app's own connections only: an autovacuum worker busy on the database after the write-heavy
  // tests before this one is a superuser's process, which this role may not terminate (CI failed so once).
  const restart = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND usename = current_user`;
  const giveWritesBack = () =>
    withMaintenanceDatabase(withDatabaseName(url, name), async (admin) => {
      await admin.query(`ALTER DATABASE ${quoteIdentifier(name)} RESET default_transaction_read_only`);
      await admin.query(restart, [name]);
    });
  try {
    await withMaintenanceDatabase(withDatabaseName(url, name), async (admin) => {
      await admin.query(`ALTER DATABASE ${quoteIdentifier(name)} SET default_transaction_read_only = on`);
      await admin.query(restart, [name]);
    });
  } catch (error) {
    // Never leave the database read-only for the tests after this one.
    await giveWritesBack();
    throw error;
  }
  return giveWritesBack;
}

test("a reply written while the database cannot write is answered 503, kept on the device across a reload, and saved once it can", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { page, context } = await createPerson(browser, "outage");
  await annotate(context, "private", { at: PASSAGE, body: "Before the outage" });
  await page.goto(ARTICLE_PATH);
  const card = page.getByRole("listitem").filter({ hasText: "Before the outage" });
  await card.getByRole("button", { expanded: false }).click();
  await expect(card.getByLabel("Reply")).toBeVisible();

  /** What the outbox holds on this device (IndexedDB). */
  const kept = () => storedOutbox(page);
  const giveBack = await takeWritesAway();
  try {
    const answered = page.waitForResponse((response) => response.url().endsWith("/replies") && response.request().method() === "POST");
    await card.getByLabel("Reply").fill("Words the outage must not eat.");
    await card.getByRole("button", { name: "Send reply" }).click();
    const response = await answered;
    expect(response.status()).toBe(503);
    expect(response.headers()["retry-after"]).toMatch(/^\d+$/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("SERVICE_UNAVAILABLE");
    await expect(card.getByRole("alert").filter({ hasText: "Not saved" })).toContainText(
      "Not saved — retrying. Your text is kept on this device.",
    );

    // The text is on the device, and a reload shows it again, still waiting.
    expect(await kept()).toContain("Words the outage must not eat.");
    await page.reload();
    await expect(card).toBeVisible();
    // The reloaded page took the waiting reply back into its outbox (and tried it, and failed): still kept.
    await page.waitForResponse((response) => response.url().endsWith("/replies") && response.request().method() === "POST");
    expect(await kept()).toContain("Words the outage must not eat.");
  } finally {
    await giveBack();
  }
  // Writing is possible again: the next automatic retry saves it (and the outbox lets go), once.
  await expect.poll(kept, { timeout: 45_000 }).not.toContain("Words the outage must not eat.");
  const list = (await (await context.request.get(`/api/documents/${ARTICLE_PATH.split("/").pop()}/annotations?author=me`)).json()) as {
    items: Array<{ id: string; body: string }>;
  };
  const thread = list.items.find((item) => item.body === "Before the outage")!;
  const replies = (await (await context.request.get(`/api/annotations/${thread.id}`)).json()) as { replies: Array<{ body: string }> };
  expect(replies.replies.filter((reply) => reply.body === "Words the outage must not eat.")).toHaveLength(1);
  await context.close();
});

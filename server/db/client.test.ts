import { describe, expect, it } from "vitest";
import { databaseProvider } from "@/prisma/database-url";
import { db, provider } from "./client";

// The suite runs twice in CI, on SQLite and on PostgreSQL. This proves which database a run
// really talked to, so a "PostgreSQL pass" cannot quietly be SQLite again.
describe("the database client", () => {
  it("talks to the database DATABASE_URL names", async () => {
    expect(provider).toBe(databaseProvider(process.env.DATABASE_URL!));
    if (provider === "postgresql") {
      const [row] = await db.$queryRaw<{ version: string }[]>`SELECT version() AS version`;
      expect(row.version).toMatch(/^PostgreSQL \d+/);
    } else {
      const [row] = await db.$queryRaw<{ version: string }[]>`SELECT sqlite_version() AS version`;
      expect(row.version).toMatch(/^3\.\d+/);
    }
  });
});

import { describe, expect, it } from "vitest";
import { databaseUnavailability, isDatabaseUnavailable } from "./database-unavailable";

describe("isDatabaseUnavailable", () => {
  it("recognises an unreachable or restarting database however deeply Prisma wraps it", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: "P1001" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "P1017" }))).toBe(true);
    const shutdown = { kind: "postgres", originalCode: "57P01", message: "terminating connection due to administrator command" };
    expect(isDatabaseUnavailable(new Error("Invalid invocation", { cause: { meta: { driverAdapterError: { cause: shutdown } } } }))).toBe(
      true,
    );
    expect(
      isDatabaseUnavailable(
        new Error("wrapped", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }) }),
      ),
    ).toBe(true);
  });

  it("tells a full disk and a read-only database from an unreachable one (SQLite codes, extended codes, PostgreSQL SQLSTATEs)", () => {
    expect(databaseUnavailability(Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }))).toBe("full");
    expect(databaseUnavailability(Object.assign(new Error("x"), { code: "SQLITE_READONLY_DIRECTORY" }))).toBe("read-only");
    expect(databaseUnavailability(new Error("wrapped", { cause: { originalCode: "25006" } }))).toBe("read-only");
    expect(databaseUnavailability(new Error("wrapped", { cause: { originalCode: "53100" } }))).toBe("full");
    expect(databaseUnavailability(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe("unreachable");
    expect(databaseUnavailability(Object.assign(new Error("x"), { code: "constructor" }))).toBeNull();
  });

  it("an exhausted connection pool under load is busy, not a bug (Prisma P2028, seen by npm run fault:crash on PostgreSQL)", () => {
    const timedOut = Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" });
    expect(databaseUnavailability(timedOut)).toBe("busy");
    expect(databaseUnavailability(Object.assign(new Error("x"), { code: "SQLITE_BUSY" }))).toBe("busy");
    const expired = Object.assign(
      new Error(
        "Transaction API error: Transaction already closed: A query cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms, however 5231 ms passed since the start of the transaction.",
      ),
      { code: "P2028" },
    );
    expect(databaseUnavailability(expired)).toBe("busy");
    // Other P2028s are not load: a transaction misused by our code stays a 500 to fix.
    expect(databaseUnavailability(Object.assign(new Error("Transaction API error: Transaction not found."), { code: "P2028" }))).toBeNull();
  });

  it("leaves real errors alone: a refused write or a bug is not an outage", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    const cyclic: { cause?: unknown } & Error = new Error("loop");
    cyclic.cause = cyclic;
    expect(isDatabaseUnavailable(cyclic)).toBe(false);
  });
});

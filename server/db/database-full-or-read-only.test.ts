// Disk full and a read-only database, on the real database this run uses (SQLite file or
// PostgreSQL): a write answers 503 in the one error shape with Retry-After, and nothing was written.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/documents/[slug]/annotations/route";
import { db, provider } from "@/server/db/client";
import { postgresDatabaseName } from "@/prisma/database-url";
import { quoteIdentifier } from "@/prisma/postgres-admin";
import { createApiToken } from "@/server/tokens/create-api-token";
import { createDocument, createUser } from "@/tests/factories";

vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

let slug: string;
let token: string;
let quote: string;

beforeAll(async () => {
  const document = await createDocument("disk-full");
  slug = document.slug;
  quote = (await db.documentVersion.findFirstOrThrow({ where: { documentId: document.id } })).text.slice(0, 12);
  const user = await createUser({ name: "Writer" });
  token = (await createApiToken({ userId: user.id, name: "writer", scope: "read-write", expiresInDays: null })).token;
});

function create(body: string) {
  const request = new Request(`http://localhost/api/documents/${slug}/annotations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ target: { selector: [{ type: "TextQuoteSelector", exact: quote }] }, body, visibility: "private" }),
  });
  return POST(request, { params: Promise.resolve({ slug }) });
}

async function expectUnavailable(response: Response, body: string) {
  const text = await response.text();
  expect(response.status, text).toBe(503);
  expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(JSON.parse(text)).toEqual({
    error: { code: "SERVICE_UNAVAILABLE", status: 503, message: expect.stringMatching(/Nothing was saved/) },
  });
  expect(await db.annotation.count({ where: { body } })).toBe(0);
}

afterEach(async () => {
  await restore?.();
  restore = null;
});
let restore: (() => Promise<void>) | null = null;

describe.runIf(provider === "sqlite")("SQLite", () => {
  it("a full disk (the file may not grow) answers 503 once the free pages are used up, then writes again", async () => {
    const { page_count } = (await db.$queryRawUnsafe<Array<{ page_count: bigint | number }>>("PRAGMA page_count"))[0];
    await db.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(page_count)}`);
    restore = async () => void (await db.$queryRawUnsafe("PRAGMA max_page_count = 1073741823"));
    // Writes succeed while the file's free space lasts, then one meets the full disk.
    let response: Response | null = null;
    let body = "";
    for (let attempt = 0; attempt < 100; attempt += 1) {
      body = `${attempt} ${"x".repeat(9_000)}`;
      response = await create(body);
      if (response.status !== 201) break;
    }
    await expectUnavailable(response!, body);
    await restore();
    restore = null;
    expect((await create(body)).status).toBe(201);
  });

  it("a read-only database answers 503, then writes again", async () => {
    await db.$queryRawUnsafe("PRAGMA query_only = ON");
    restore = async () => void (await db.$queryRawUnsafe("PRAGMA query_only = OFF"));
    await expectUnavailable(await create("read-only sqlite"), "read-only sqlite");
    await restore();
    restore = null;
    expect((await create("read-only sqlite")).status).toBe(201);
  });
});

describe.runIf(provider === "postgresql")("PostgreSQL", () => {
  it("a read-only database (default_transaction_read_only) answers 503, then writes again", async () => {
    const name = quoteIdentifier(postgresDatabaseName(process.env.DATABASE_URL!));
    await db.$executeRawUnsafe(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    await db.$disconnect(); // the setting applies to new connections
    restore = async () => {
      await db.$executeRawUnsafe("SET default_transaction_read_only = off");
      await db.$executeRawUnsafe(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
      await db.$disconnect();
    };
    await expectUnavailable(await create("read-only postgres"), "read-only postgres");
    await restore();
    restore = null;
    expect((await create("read-only postgres")).status).toBe(201);
  });
});

import { beforeAll, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { defineContract } from "@/lib/api/contract";
import { createApiToken } from "@/server/tokens/create-api-token";
import { createUser } from "@/tests/factories";
import { apiRoute } from "./api-route";
import { handleRoute, MAX_JSON_BODY_BYTES } from "./respond";

const contract = defineContract({
  method: "POST",
  path: "/api/things/{id}",
  summary: "A thing.",
  tag: "Documents",
  auth: "write",
  query: z.object({ limit: z.coerce.number().int().max(10).default(5) }),
  body: z.object({ name: z.string().trim().min(1) }),
  responses: { 200: { description: "The thing." } },
});

const route = apiRoute(contract, (_request, _context: unknown, { readBody, readQuery }) =>
  handleRoute(async () => Response.json({ query: await readQuery(), body: await readBody() })),
);

// A caller the contract accepts ("write"): a read-write API token, the credential vitest can send
// without a running server (session cookies are read by next-auth inside a request).
let token: string;
beforeAll(async () => {
  const user = await createUser({ name: "Caller" });
  token = (await createApiToken({ userId: user.id, name: "test", scope: "read-write", expiresInDays: 30 })).token;
});

function post(url: string, body: string, contentType = "application/json", bearer: string | null = token) {
  const headers: Record<string, string> = { "content-type": contentType, ...(bearer !== null && { authorization: `Bearer ${bearer}` }) };
  return route(new Request(url, { method: "POST", body, headers }), {});
}

describe("apiRoute", () => {
  test("carries its contract, for the API document's test", () => {
    expect(route.contract).toBe(contract);
  });

  test("reads the query and the body with the contract's schemas (their defaults and transforms included)", async () => {
    const response = await post("http://test/api/things/1?limit=3", JSON.stringify({ name: "  Ada " }));
    expect(await response.json()).toEqual({ query: { limit: 3 }, body: { name: "Ada" } });
    expect(await (await post("http://test/api/things/1", JSON.stringify({ name: "x" }))).json()).toEqual({
      query: { limit: 5 },
      body: { name: "x" },
    });
  });

  test("answers the one error shape when the input breaks the contract", async () => {
    const invalid = await post("http://test/api/things/1", JSON.stringify({ name: "" }));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { issues: Array<{ path: string }> } }).error.issues[0].path).toBe("name");
    expect((await post("http://test/api/things/1?limit=11", JSON.stringify({ name: "x" }))).status).toBe(400);
    expect((await post("http://test/api/things/1", "name=x", "application/x-www-form-urlencoded")).status).toBe(415);
  });

  test("refuses the NUL character anywhere in the input (PostgreSQL text cannot hold it; found by npm run fuzz:api)", async () => {
    const inBody = await post("http://test/api/things/1", JSON.stringify({ name: "a\u0000b" }));
    expect(inBody.status).toBe(400);
    expect(((await inBody.json()) as { error: { message: string } }).error.message).toMatch(/NUL/);
    expect((await post("http://test/api/things/1", JSON.stringify({ name: "x", "k\u0000": 1 }))).status).toBe(400);
    expect((await post("http://test/api/things/1?limit=%00", JSON.stringify({ name: "x" }))).status).toBe(400);
  });

  test("refuses a body over 1 MB with 413, however it is sent, before parsing it; one just under is read", async () => {
    const padding = (bytes: number) => JSON.stringify({ name: "x", padding: "a".repeat(bytes - 25) });
    expect(padding(MAX_JSON_BODY_BYTES).length).toBe(MAX_JSON_BODY_BYTES);
    expect((await post("http://test/api/things/1", padding(MAX_JSON_BODY_BYTES))).status).toBe(200);
    const over = await post("http://test/api/things/1", padding(MAX_JSON_BODY_BYTES + 1));
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { message: string } }).error.message).toMatch(/at most 1 MB/);
    // Streamed without a Content-Length, it is counted as it arrives.
    const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = new Request("http://test/api/things/1", {
      method: "POST",
      body: endless,
      duplex: "half",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    } as RequestInit);
    expect((await route(streamed, {})).status).toBe(413);
    expect(sent).toBeLessThan(2 * MAX_JSON_BODY_BYTES);
  });

  test("refuses a lone UTF-16 surrogate anywhere in the input (valid JSON that Prisma cannot store: it was a 500), keeps whole pairs", async () => {
    for (const body of [{ name: "x\ud800y" }, { name: "x", "k\udc00": 1 }, { name: "\ude00" }]) {
      const refused = await post("http://test/api/things/1", JSON.stringify(body));
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/lone UTF-16 surrogate/);
    }
    const emoji = await post("http://test/api/things/1", JSON.stringify({ name: "a 😀 b" }));
    expect(((await emoji.json()) as { body: { name: string } }).body.name).toBe("a 😀 b");
  });

  test("settles who is asking before judging what they sent: a dead credential is 401, not the schema's 400", async () => {
    const invalid = await post(
      "http://test/api/things/1?limit=11",
      JSON.stringify({ name: "" }),
      "application/json",
      "mrg_not-a-real-token",
    );
    expect(invalid.status).toBe(401);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    const unsupported = await post("http://test/api/things/1", "name=x", "application/x-www-form-urlencoded", "mrg_not-a-real-token");
    expect(unsupported.status).toBe(401);
  });

  test("refuses to read what the contract does not declare", async () => {
    const bare = defineContract({ ...contract, query: undefined, body: undefined });
    const undeclared = apiRoute(bare, (_request, _context: unknown, { readBody }) =>
      handleRoute(async () => Response.json(await readBody())),
    );
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await undeclared(new Request("http://test/api/things/1", { method: "POST", body: "{}" }), {})).status).toBe(500);
    expect(String(logged.mock.calls[0][1])).toContain("POST /api/things/{id} declares no body.");
    logged.mockRestore();
  });
});

describe("handleRoute", () => {
  test("a client that went away mid-request is a 400, not logged as the database out of reach; the database's own reset still is", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const gone = await handleRoute(async () => {
      throw Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    });
    expect(gone.status).toBe(400);
    expect(warn).not.toHaveBeenCalled();
    const outage = await handleRoute(async () => {
      throw Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read" });
    });
    expect(outage.status).toBe(503);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

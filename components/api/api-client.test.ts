import { afterEach, describe, expect, it, vi } from "vitest";
import type { ErrorBody } from "@/lib/api/error-body";
import { ApiError, errorMessage, readApiError } from "./api-client";
import { readingsApi } from "./readings-api";

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("readApiError: one error shape for every failed call", () => {
  it("carries the server's code, message, status and field issues", async () => {
    const body: ErrorBody = {
      error: {
        code: "VALIDATION_FAILED",
        message: "The comment is too long.",
        status: 422,
        issues: [{ path: "body", message: "At most 10,000 characters." }],
      },
    };
    const error = await readApiError(json(body, 422));
    expect(error).toBeInstanceOf(ApiError);
    expect({ status: error.status, code: error.code, message: error.message, issues: error.issues }).toEqual({
      status: 422,
      code: "VALIDATION_FAILED",
      message: "The comment is too long.",
      issues: [{ path: "body", message: "At most 10,000 characters." }],
    });
    expect(error.isTransient).toBe(false);
  });

  it("says what it can when the answer is not our error body (a proxy's page, an empty body)", async () => {
    const fromHtml = await readApiError(new Response("<h1>Bad gateway</h1>", { status: 502 }));
    expect({ status: fromHtml.status, code: fromHtml.code, message: fromHtml.message, issues: fromHtml.issues }).toEqual({
      status: 502,
      code: "unknown",
      message: "The server answered 502.",
      issues: [],
    });
    expect((await readApiError(json({ error: { message: "no code" } }, 400))).message).toBe("The server answered 400.");
  });

  it("reads how long to wait from Retry-After (seconds), and nothing from an absent or date-form header", async () => {
    const body: ErrorBody = { error: { code: "RATE_LIMITED", message: "Too many changes.", status: 429 } };
    const limited = new Response(JSON.stringify(body), { status: 429, headers: { "Retry-After": "3" } });
    expect((await readApiError(limited)).retryAfterSeconds).toBe(3);
    expect((await readApiError(json(body, 429))).retryAfterSeconds).toBeNull();
    const dated = new Response(JSON.stringify(body), { status: 429, headers: { "Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT" } });
    expect((await readApiError(dated)).retryAfterSeconds).toBeNull();
  });

  it.each([
    [0, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [403, false],
    [404, false],
    [422, false],
  ])("status %i is worth retrying: %s", (status, isTransient) => {
    expect(new ApiError(status, "x", "x").isTransient).toBe(isTransient);
  });

  it("gives forms the server's message, and a fallback for anything else", () => {
    expect(errorMessage(new ApiError(403, "FORBIDDEN", "Only the owner can do that."))).toBe("Only the owner can do that.");
    expect(errorMessage(new TypeError("boom"))).toBe("That did not work. Try again.");
    expect(errorMessage(new TypeError("boom"), "Not saved.")).toBe("Not saved.");
  });
});

describe("readingsApi.addVersion: what the version editor sends", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("names the version the text was made from, and gives the editor the server's 409 to show", async () => {
    const message = "The reading changed since you opened it: version 3 is now the latest; reload to see it. Nothing was saved.";
    const sent: { url: string; body: unknown }[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      sent.push({ url, body: JSON.parse(String(init.body)) });
      return json({ error: { code: "CONFLICT", message, status: 409 } } satisfies ErrorBody, 409);
    });
    const failed = await readingsApi.addVersion("rivers", "corrected text", 2).catch((caught: unknown) => caught);
    expect(sent).toEqual([
      { url: "/api/documents/rivers/versions", body: { text: "corrected text", baseVersion: 2, keepLineBreaks: true } },
    ]);
    expect(errorMessage(failed)).toBe(message);
  });
});

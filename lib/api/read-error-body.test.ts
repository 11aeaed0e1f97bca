import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZErrorBody } from "./error-body";
import { readErrorBody } from "./read-error-body";

/** The zod schema the server answers with (and the OpenAPI document describes) is the oracle. */
const byZod = (value: unknown) => {
  const parsed = ZErrorBody.safeParse(value);
  return parsed.success ? parsed.data : null;
};

const CASES: unknown[] = [
  { error: { code: "not_found", message: "No such annotation.", status: 404 } },
  { error: { code: "invalid", message: "Bad.", status: 400, issues: [{ path: "body", message: "Too long." }] } },
  { error: { code: "invalid", message: "Bad.", status: 400, issues: [] } },
  { error: { code: "x", message: "y", status: 400, extra: true }, more: 1 },
  { error: { code: "x", message: "y", status: 400, issues: [{ path: "a", message: "b", extra: 1 }] } },
  { error: { code: "x", message: "y", status: 400.5 } },
  { error: { code: "x", message: "y", status: "400" } },
  { error: { code: 1, message: "y", status: 400 } },
  { error: { code: "x", status: 400 } },
  { error: { code: "x", message: "y", status: 400, issues: "nope" } },
  { error: { code: "x", message: "y", status: 400, issues: [{ path: 1, message: "b" }] } },
  { error: { code: "x", message: "y", status: 400, issues: [null] } },
  { error: { code: "x", message: "y", status: Number.NaN } },
  { error: { code: "x", message: "y", status: Infinity } },
  { error: null },
  { error: [] },
  { message: "Internal Server Error" },
  [],
  null,
  "Bad Gateway",
  42,
];

describe("readErrorBody", () => {
  it("answers as ZErrorBody.safeParse does, case by case", () => {
    for (const value of CASES) expect(readErrorBody(value), JSON.stringify(value)).toEqual(byZod(value));
  });

  it("answers as ZErrorBody.safeParse does for any JSON", () => {
    const issue = fc.record({ path: fc.oneof(fc.string(), fc.integer()), message: fc.string() }, { requiredKeys: [] });
    const body = fc.record(
      {
        error: fc.oneof(
          fc.record(
            {
              code: fc.oneof(fc.string(), fc.constant(null)),
              message: fc.string(),
              status: fc.oneof(fc.integer(), fc.double(), fc.string()),
              issues: fc.oneof(fc.array(issue), fc.jsonValue()),
            },
            { requiredKeys: [] },
          ),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(body, fc.jsonValue()), (value) => {
        expect(readErrorBody(value)).toEqual(byZod(value));
      }),
      { numRuns: 2000 },
    );
  });
});

// Property-based fuzzing of the JSON API, driven by the API's own document (GET /api/openapi.json,
// built from the contracts in lib/api/contracts/). Shared by `npm run fuzz:api` (10,000+ requests
// against the production server) and e2e/fuzz-api.spec.ts (a few hundred, fixed seed).
//
// Every documented operation is called with generated requests: bodies generated from the
// operation's JSON schema with hostile mutations (wrong types, missing and extra fields, huge and
// odd strings, prototype keys, invalid JSON, the wrong content type), hostile path parameters
// beside real ids, odd query strings, forged Origin and Authorization headers; each as
// anonymous, member and instructor. After every request:
//   - no 5xx;
//   - a refusal (4xx) is in the one error shape (lib/api/error-body.ts) with its status;
//   - a refusal changed nothing: row counts per table and the exports (my notes of both people,
//     the document's W3C export, the group) are as they were before it.
import fc from "fast-check";
import { ZErrorBody } from "@/lib/api/error-body";

export type FuzzRole = "anonymous" | "member" | "instructor";
export type FuzzCaller = { role: FuzzRole; headers: Record<string, string> };
/** The ids of real objects, so generated requests reach past "not found" too. */
export type FuzzFixtures = Record<"slug" | "groupId" | "annotationId" | "replyId" | "memberId" | "instructorId" | "inviteId", string>;
type JsonSchema = { [key: string]: unknown };
type Operation = {
  method: string;
  path: string;
  parameters: Array<{ in: string; name: string; schema?: JsonSchema }>;
  body?: { contentTypes: string[]; schema?: JsonSchema };
};
export type FuzzRequest = {
  caller: FuzzRole;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
};
export type FuzzFinding = { request: FuzzRequest; status: number; problem: string; detail: string };
export type FuzzResult = {
  requests: number;
  perRole: Record<FuzzRole, number>;
  statuses: Record<string, number>;
  refused: number;
  serverErrors: number;
  partialWrites: number;
  wrongShape: number;
  operations: number;
  findings: FuzzFinding[];
};

/** Operations not fuzzed, and why; everything else in the document is. */
const SKIPPED = new Set([
  // next-auth's own endpoint (form posts, redirects, its own bodies); sign-in has tests of its own.
  "POST /api/auth/callback/credentials",
]);

export function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const operation = raw as { parameters?: Operation["parameters"]; requestBody?: { content: Record<string, { schema?: JsonSchema }> } };
      if (SKIPPED.has(`${method.toUpperCase()} ${path}`)) continue;
      const content = operation.requestBody?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: content ? { contentTypes: Object.keys(content), schema: Object.values(content)[0]?.schema } : undefined,
      });
    }
  }
  return operations;
}

const HOSTILE_STRINGS = [
  "",
  " ",
  '\'; DROP TABLE "Annotation"; --',
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "\u0000",
  "\uD800",
  "\u202Eevil",
  "../../../../etc/passwd",
  "%00",
  "%2e%2e%2f",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "9007199254740993",
  "{{7*7}}",
  "${7*7}",
  "a".repeat(10_001),
  "𝕏".repeat(300),
  "\n\r\t",
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, 1e308, -0),
  fc.constant({ __proto__: { isAdmin: true } }),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.anything({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.array(fc.constant("x"), { minLength: 201, maxLength: 260 }),
);

/** Values that fit `schema` (mostly), with a hostile value in place of any part now and then. */
export function fromSchema(
  schema: JsonSchema | undefined,
  refs: Record<string, JsonSchema>,
  known: string[],
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!schema) return fc.anything({ maxDepth: 2 });
  if (typeof schema.$ref === "string") return fromSchema(refs[schema.$ref.split("/").pop()!], refs, known, depth + 1);
  const fitting = fitsSchema(schema, refs, known, depth);
  return fc.oneof({ weight: 6, arbitrary: fitting }, { weight: 1, arbitrary: hostileValue });
}

function fitsSchema(schema: JsonSchema, refs: Record<string, JsonSchema>, known: string[], depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => fromSchema(alternative, refs, known, depth + 1)));
  switch (schema.type) {
    case "string": {
      const maxLength = typeof schema.maxLength === "number" ? Math.min(schema.maxLength, 400) : 60;
      return fc.oneof(
        fc.constantFrom(...known),
        fc.string({ minLength: Number(schema.minLength ?? 0), maxLength: Math.max(maxLength, Number(schema.minLength ?? 0)) }),
      );
    }
    case "integer":
      return fc.integer({ min: -5, max: 100_000 });
    case "number":
      return fc.double({ noNaN: false });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(fromSchema(schema.items as JsonSchema, refs, known, depth + 1), {
        maxLength: Math.min(Number(schema.maxItems ?? 5), 6),
      });
    case "object":
    default: {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const entries = Object.fromEntries(
        Object.entries(properties).map(([key, property]) => [
          key,
          fc.option(fromSchema(property, refs, known, depth + 1), { nil: undefined, freq: required.has(key) ? 12 : 3 }),
        ]),
      );
      return fc
        .record(entries)
        .chain((value) =>
          fc.oneof(
            { weight: 8, arbitrary: fc.constant(value) },
            { weight: 1, arbitrary: fc.constant({ ...value, extra: "field", __proto__: { polluted: true } }) },
          ),
        )
        .map((value) => Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, field]) => field !== undefined)));
    }
  }
}

function pathValue(name: string, fixtures: FuzzFixtures): fc.Arbitrary<string> {
  const real =
    name === "slug"
      ? [fixtures.slug]
      : name === "userId"
        ? [fixtures.memberId, fixtures.instructorId]
        : name === "inviteId"
          ? [fixtures.inviteId]
          : name === "token"
            ? ["not-a-real-invite-token"]
            : [fixtures.groupId, fixtures.annotationId, fixtures.replyId, fixtures.inviteId];
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...real) }, { weight: 2, arbitrary: hostileString.map(toPathSegment) });
}

/** A string as one path segment: UTF-8 percent-encoded, except that "%" stays raw so "%00" and "%2e%2e%2f" arrive as sent. */
function toPathSegment(value: string): string {
  return Array.from(new TextEncoder().encode(value), (byte) =>
    /[A-Za-z0-9\-._~%]/.test(String.fromCharCode(byte))
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).padStart(2, "0").toUpperCase()}`,
  ).join("");
}

/** One generated request for `operation`. */
function requestFor(
  operation: Operation,
  fixtures: FuzzFixtures,
  refs: Record<string, JsonSchema>,
): fc.Arbitrary<Omit<FuzzRequest, "caller"> & { role: FuzzRole }> {
  const known = Object.values(fixtures);
  const pathParams = operation.parameters.filter((parameter) => parameter.in === "path");
  const queryParams = operation.parameters.filter((parameter) => parameter.in === "query");
  const pathArb = fc
    .tuple(...pathParams.map((parameter) => pathValue(parameter.name, fixtures)))
    .map((values) => pathParams.reduce((url, parameter, index) => url.replace(`{${parameter.name}}`, values[index]), operation.path));
  const queryArb = fc
    .tuple(
      ...queryParams.map((parameter) =>
        fc.option(fc.oneof(fitsSchema(parameter.schema ?? { type: "string" }, refs, known, 0).map(String), hostileString), {
          nil: undefined,
        }),
      ),
      fc.option(fc.tuple(hostileString, hostileString), { nil: undefined }),
    )
    .map((values) => {
      const search = new URLSearchParams();
      queryParams.forEach((parameter, index) => values[index] !== undefined && search.append(parameter.name, String(values[index])));
      const unknown = values[queryParams.length] as [string, string] | undefined;
      if (unknown) search.append(unknown[0], unknown[1]);
      const text = search.toString();
      return text ? `?${text}` : "";
    });
  const bodyArb: fc.Arbitrary<{ body?: string; contentType?: string }> = operation.body
    ? fc.oneof(
        {
          weight: 8,
          arbitrary: fromSchema(operation.body.schema, refs, known).map((value) => ({
            body: JSON.stringify(value) ?? "null",
            contentType: operation.body!.contentTypes[0],
          })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom("{", "[1,", '{"a":', "\u0000", "", "null", '"text"', "1e999999")
            .map((body) => ({ body, contentType: "application/json" })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(
              "text/plain",
              "application/x-www-form-urlencoded",
              "multipart/form-data; boundary=x",
              "application/json; charset=utf-16",
            )
            .map((contentType) => ({ body: "a=b", contentType })),
        },
      )
    : fc.oneof(
        { weight: 5, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.constant({ body: '{"unexpected":true}', contentType: "application/json" }) },
      );
  const headerArb = fc.oneof(
    { weight: 8, arbitrary: fc.constant<Record<string, string>>({}) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Record<string, string>>(
        { origin: "https://evil.example" },
        { "sec-fetch-site": "cross-site" },
        { origin: "null" },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Record<string, string>>(
        { authorization: "Bearer mgn_forged" },
        { authorization: "Basic YTpi" },
        { authorization: "Bearer " },
      ),
    },
  );
  return fc
    .record({
      role: fc.constantFrom<FuzzRole>("anonymous", "member", "instructor"),
      path: pathArb,
      query: queryArb,
      body: bodyArb,
      extraHeaders: headerArb,
    })
    .map(({ role, path, query, body, extraHeaders }) => ({
      role,
      method: operation.method,
      url: `${path}${query}`,
      headers: { ...(body.contentType && { "content-type": body.contentType }), ...extraHeaders },
      body: operation.method === "GET" ? undefined : body.body,
    }));
}

/** `count` requests spread over every operation, reproducible from `seed`. */
export function generateRequests(
  document: { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, JsonSchema> } },
  fixtures: FuzzFixtures,
  count: number,
  seed: number,
): Array<FuzzRequest> {
  const operations = operationsOf(document);
  const refs = document.components?.schemas ?? {};
  const perOperation = Math.ceil(count / operations.length);
  const requests = operations.flatMap((operation, index) =>
    fc
      .sample(requestFor(operation, fixtures, refs), { numRuns: perOperation, seed: seed + index })
      .map(({ role, ...request }) => ({ ...request, caller: role })),
  );
  // Interleave operations, so a request that destroys a fixture does not starve the rest of one operation.
  return fc.sample(fc.shuffledSubarray(requests, { minLength: requests.length, maxLength: requests.length }), { numRuns: 1, seed })[0];
}

export type FuzzTarget = {
  baseUrl: string;
  callers: Record<FuzzRole, FuzzCaller>;
  /** Everything a refused request must leave alone, as one comparable string. */
  snapshot: () => Promise<string>;
  onProgress?: (done: number) => void;
};

/** Sends the requests one at a time and checks each as the header says. */
export async function runFuzz(requests: FuzzRequest[], target: FuzzTarget): Promise<FuzzResult> {
  const result: FuzzResult = {
    requests: 0,
    perRole: { anonymous: 0, member: 0, instructor: 0 },
    statuses: {},
    refused: 0,
    serverErrors: 0,
    partialWrites: 0,
    wrongShape: 0,
    operations: new Set(requests.map((request) => `${request.method} ${request.url.split("?")[0]}`)).size,
    findings: [],
  };
  let before = await target.snapshot();
  for (const request of requests) {
    const { status, text, contentType } = await send(target, request);
    result.requests += 1;
    result.perRole[request.caller] += 1;
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    const finding = (problem: string, detail: string) => result.findings.push({ request, status, problem, detail: detail.slice(0, 400) });
    if (status >= 500) {
      result.serverErrors += 1;
      finding(status === 599 ? "no usable answer" : "5xx", text);
    }
    const after = await target.snapshot();
    if (status >= 400) {
      result.refused += 1;
      if (!isErrorShape(status, text, contentType)) {
        result.wrongShape += 1;
        finding("not the one error shape", text);
      }
      if (after !== before) {
        result.partialWrites += 1;
        finding("refused, yet something changed", diff(before, after));
      }
    }
    before = after;
    target.onProgress?.(result.requests);
  }
  return result;
}

async function send(target: FuzzTarget, request: FuzzRequest): Promise<{ status: number; text: string; contentType: string }> {
  const controller = new AbortController();
  let response: Response;
  try {
    response = await fetch(`${target.baseUrl}${request.url}`, {
      method: request.method,
      headers: { ...target.callers[request.caller].headers, ...request.headers },
      body: request.body,
      signal: controller.signal,
      redirect: "manual",
    });
  } catch (error) {
    // No usable HTTP answer (e.g. headers too large for a client to read): as bad as a 5xx.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: 599, text: `no usable answer: ${cause?.code ?? ""} ${cause?.message ?? String(error)}`, contentType: "" };
  }
  const contentType = response.headers.get("content-type") ?? "";
  // A live stream never ends by itself: its status and headers are the answer.
  if (contentType.startsWith("text/event-stream")) {
    controller.abort();
    return { status: response.status, text: "", contentType };
  }
  return { status: response.status, text: await response.text(), contentType };
}

function isErrorShape(status: number, text: string, contentType: string): boolean {
  if (!contentType.includes("json")) return false;
  try {
    const parsed = ZErrorBody.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.error.status === status;
  } catch {
    return false;
  }
}

function diff(before: string, after: string): string {
  const a = before.split("\n");
  const b = after.split("\n");
  const changed = b.filter((line, index) => line !== a[index]);
  return changed.slice(0, 3).join(" | ");
}

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import type { ApiTokenSummary } from "@/lib/tokens/schemas";
import type { AnnotationDto, AnnotationPage } from "@/lib/annotations/types";
import type { EncodedStubs } from "@/lib/annotations/annotation-stubs";
import { HTTP_METHODS, operationKey, type ApiContract, type HttpMethod } from "@/lib/api/contract";
import { allowedMethods } from "@/lib/api/allowed-methods";
import { API_CONTRACTS } from "@/lib/api/contracts";
import { ZErrorBody } from "@/lib/api/error-body";
import { buildOpenApiDocument } from "@/lib/api/openapi-document";
import * as responses from "@/lib/api/responses";
import type { GroupDetails, GroupMember, InviteSummary, JoinResult, MyGroupSummary } from "@/lib/groups/schemas";
import type { FlagDto, HelpfulDto } from "@/lib/moderation/schemas";
import type { NotificationPage } from "@/lib/notifications/schemas";
import type { ImportSummary } from "@/server/annotations/import-annotations";
import type { DeleteResult } from "@/server/annotations/delete-annotation";
import type { DocumentSummary } from "@/server/documents/list-documents";
import type { InvitePreview } from "@/server/groups/get-invite";
import type { ScoreDto } from "@/server/review/set-score";
import type { ReleaseScoresResult } from "@/lib/review/score-release";

/**
 * The API document against the routes themselves: every route file under app/api/ and every
 * method it exports must be in the document, from the very contract object the handler parses
 * with, and the documented request schemas must be what zod makes of the schemas the routes parse.
 */

const APP_API = path.join(process.cwd(), "app/api");
const document = buildOpenApiDocument();

type RouteFile = { file: string; path: string; isCatchAll: boolean; source: string };
type Handler = ((request: Request, context: unknown) => Promise<Response>) & { contract?: ApiContract };

function routeFiles(directory = APP_API): RouteFile[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const segments = path.relative(path.dirname(APP_API), path.dirname(full)).split(path.sep);
    return [
      {
        file: path.relative(process.cwd(), full),
        path: "/" + segments.map((segment) => segment.replace(/^\[(.+)\]$/, "{$1}")).join("/"),
        isCatchAll: segments.some((segment) => segment.startsWith("[...")),
        source: readFileSync(full, "utf8"),
      },
    ];
  });
}

async function routeMethods(route: RouteFile): Promise<Array<{ method: HttpMethod; handler: Handler }>> {
  const routeModule = (await import(/* @vite-ignore */ path.join(process.cwd(), route.file))) as Record<string, unknown>;
  return HTTP_METHODS.filter((method) => typeof routeModule[method] === "function").map((method) => ({
    method,
    handler: routeModule[method] as Handler,
  }));
}

type JsonSchema = Record<string, unknown>;
type Operation = {
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }>; headers?: Record<string, unknown> }>;
  "x-auth": string;
};

function documentedOperation(method: string, routePath: string): Operation | undefined {
  const item = (document.paths ?? {})[routePath] as Record<string, Operation> | undefined;
  return item?.[method.toLowerCase()];
}

/** Resolves `#/components/schemas/…` references, so schemas compare by what they say. */
function resolveRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(resolveRefs);
  if (typeof schema !== "object" || schema === null) return schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref) return resolveRefs((document.components?.schemas ?? {})[ref.replace("#/components/schemas/", "")]);
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, resolveRefs(value)]));
}

/**
 * zod-openapi adds `"type": "object"` beside the `oneOf` of a discriminated union whose branches are
 * all objects (true, and said again): the one difference from zod's own output it may make.
 */
function withoutRedundantUnionType(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRedundantUnionType);
  if (typeof schema !== "object" || schema === null) return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withoutRedundantUnionType(value)]));
  const branches = node.oneOf as Array<{ type?: unknown }> | undefined;
  if (node.type === "object" && branches?.every((branch) => branch.type === "object")) delete node.type;
  return node;
}

/** What zod itself says a schema accepts (request side), as OpenAPI 3.1 embeds it (no `$schema`). */
function zodInputSchema(schema: z.ZodType): unknown {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  return jsonSchema;
}

/** The source of one exported method's declaration, up to the next export. */
function methodSource(source: string, method: HttpMethod): string {
  const start = source.indexOf(`export const ${method} = apiRoute(`);
  if (start === -1) return "";
  const next = source.indexOf("\nexport ", start + 1);
  return source.slice(start, next === -1 ? undefined : next);
}

const ROUTES = routeFiles();

describe("the OpenAPI document and the routes under app/api/", () => {
  test("finds the route files (the walk itself works)", () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(30);
    expect(ROUTES.map((route) => route.path)).toContain("/api/groups/{id}/invites/{inviteId}");
  });

  test("every method every route file exports is documented, from the contract its handler carries", async () => {
    const missing: string[] = [];
    const mismatched: string[] = [];
    let methodCount = 0;
    for (const route of ROUTES) {
      // next-auth's catch-all answers many paths (csrf, session, callback/…) that OpenAPI cannot
      // spell as one; it is documented by the two endpoints a script signs in with.
      if (route.isCatchAll) continue;
      for (const { method, handler } of await routeMethods(route)) {
        methodCount++;
        const key = `${method} ${route.path}`;
        if (!documentedOperation(method, route.path)) missing.push(`${key} (${route.file})`);
        const contract = handler.contract;
        if (!contract) mismatched.push(`${key}: the handler is not declared with apiRoute(contract, …)`);
        else if (operationKey(contract) !== key) mismatched.push(`${key}: its handler carries the contract of ${operationKey(contract)}`);
        else if (!API_CONTRACTS.includes(contract)) mismatched.push(`${key}: its contract is not in API_CONTRACTS, so not in the document`);
      }
    }
    expect(missing).toEqual([]);
    expect(mismatched).toEqual([]);
    expect(methodCount).toBe(API_CONTRACTS.filter((contract) => contract.auth !== "next-auth").length);
  });

  test("each route's address answers exactly the methods its file exports, by the table the server's 405 reads", async () => {
    const wrong: string[] = [];
    for (const route of ROUTES.filter((route) => !route.isCatchAll)) {
      const exported = (await routeMethods(route)).map((entry) => entry.method);
      const pathname = route.path.replace(/\{[^}]+\}/g, "some-id");
      const allowed = allowedMethods(pathname);
      const expected = [...new Set([...exported, "OPTIONS", ...(exported.includes("GET") ? ["HEAD"] : [])])].sort();
      if (JSON.stringify(allowed) !== JSON.stringify(expected))
        wrong.push(`${pathname}: ${allowed?.join(", ")} (exports ${exported.join(", ")})`);
    }
    expect(wrong).toEqual([]);
  });

  test("next-auth's catch-all route is covered by its sign-in endpoints, one per method it exports", async () => {
    const catchAll = ROUTES.filter((route) => route.isCatchAll);
    expect(catchAll.map((route) => route.file)).toEqual(["app/api/auth/[...nextauth]/route.ts"]);
    const methods = (await routeMethods(catchAll[0])).map((entry) => entry.method);
    expect(methods).toEqual(["GET", "POST"]);
    for (const method of methods) {
      const documented = API_CONTRACTS.filter((contract) => contract.auth === "next-auth" && contract.method === method);
      expect(documented.length, `${method} /api/auth/*`).toBeGreaterThan(0);
      for (const contract of documented) expect(documentedOperation(method, contract.path)).toBeDefined();
    }
  });

  test("the document has no operation without a route behind it", () => {
    const routeKeys = new Set(
      ROUTES.flatMap((route) =>
        HTTP_METHODS.filter((method) => methodSource(route.source, method)).map((method) => `${method} ${route.path}`),
      ),
    );
    const ghosts = API_CONTRACTS.filter((contract) => contract.auth !== "next-auth" && !routeKeys.has(operationKey(contract))).map(
      operationKey,
    );
    expect(ghosts).toEqual([]);
  });

  test("each documented request body is exactly what zod makes of the schema the route parses", async () => {
    let compared = 0;
    for (const route of ROUTES.filter((route) => !route.isCatchAll)) {
      for (const { method, handler } of await routeMethods(route)) {
        const contract = handler.contract!;
        const operation = documentedOperation(method, route.path)!;
        const documented = operation.requestBody?.content["application/json"]?.schema;
        if (contract.body) {
          expect(withoutRedundantUnionType(resolveRefs(documented)), `${method} ${route.path}`).toEqual(zodInputSchema(contract.body));
          compared++;
        } else if (contract.upload) {
          expect(Object.keys(operation.requestBody?.content ?? {}).sort()).toEqual([...contract.upload.contentTypes].sort());
        } else {
          expect(operation.requestBody, `${method} ${route.path} takes no body`).toBeUndefined();
        }
      }
    }
    expect(compared).toBe(API_CONTRACTS.filter((contract) => contract.body && contract.auth !== "next-auth").length);
    expect(compared).toBeGreaterThanOrEqual(14);
  });

  test("each documented query and path parameter is what zod makes of the route's schema, and path names match the folders", async () => {
    for (const route of ROUTES.filter((route) => !route.isCatchAll)) {
      for (const { method, handler } of await routeMethods(route)) {
        const contract = handler.contract!;
        const parameters = documentedOperation(method, route.path)!.parameters ?? [];
        const label = `${method} ${route.path}`;

        const folderNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
        expect(Object.keys(contract.params?.shape ?? {}).sort(), `${label}: path parameters`).toEqual(folderNames);
        expect(
          parameters
            .filter((parameter) => parameter.in === "path")
            .map((parameter) => parameter.name)
            .sort(),
          label,
        ).toEqual(folderNames);

        const query = contract.query ?? contract.queryReadByServer;
        const documentedQuery = parameters.filter((parameter) => parameter.in === "query");
        const expected = query
          ? (zodInputSchema(query) as { properties: Record<string, JsonSchema>; required?: string[] })
          : { properties: {} };
        expect(documentedQuery.map((parameter) => parameter.name).sort(), `${label}: query names`).toEqual(
          Object.keys(expected.properties).sort(),
        );
        for (const parameter of documentedQuery) {
          const { description: _description, ...documentedSchema } = parameter.schema;
          const { description: _expectedDescription, ...expectedSchema } = expected.properties[parameter.name];
          expect(documentedSchema, `${label}: ?${parameter.name}`).toEqual(expectedSchema);
          expect(parameter.required ?? false, `${label}: ?${parameter.name} required`).toBe(
            (expected.required ?? []).includes(parameter.name),
          );
        }
      }
    }
  });

  test("routes read their input only through their contract", () => {
    const problems: string[] = [];
    for (const route of ROUTES.filter((route) => !route.isCatchAll)) {
      // A schema parsed by hand next to the contract would be a second, undocumented description.
      for (const pattern of [/\breadJson\(/, /\breadJsonFile\(/, /\.parse\(/, /\.safeParse\(/, /from "zod"/]) {
        if (pattern.test(route.source)) problems.push(`${route.file}: ${pattern}`);
      }
    }
    for (const contract of API_CONTRACTS.filter((contract) => contract.auth !== "next-auth")) {
      const route = ROUTES.find((candidate) => candidate.path === contract.path);
      const source = route ? methodSource(route.source, contract.method) : "";
      const reads = { body: /readBody\(\)/.test(source), query: /readQuery\(\)/.test(source), upload: /readUpload\(\)/.test(source) };
      const declares = { body: !!contract.body, query: !!contract.query, upload: !!contract.upload };
      if (JSON.stringify(reads) !== JSON.stringify(declares)) {
        problems.push(`${operationKey(contract)}: declares ${JSON.stringify(declares)} but reads ${JSON.stringify(reads)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("the documented auth is the credential the route asks for", () => {
    // The live stream asks for its reader itself (server/live/open-live-stream.ts).
    const delegated: Record<string, RegExp> = { "GET /api/documents/{slug}/events": /openLiveStream\(request,/ };
    const asks: Record<ApiContract["auth"], RegExp> = {
      public: /^(?![\s\S]*(getRequestViewer|requireSessionUser))/,
      optional: /getRequestViewer\(request, "read"\)/,
      read: /getRequestViewer\(request, "read"\)/,
      write: /getRequestViewer\(request, "write"\)/,
      session: /requireSessionUser\(request\)/,
      "next-auth": /$^/,
    };
    const problems: string[] = [];
    for (const contract of API_CONTRACTS.filter((contract) => contract.auth !== "next-auth")) {
      const route = ROUTES.find((candidate) => candidate.path === contract.path);
      const source = route ? methodSource(route.source, contract.method) : "";
      const expected = delegated[operationKey(contract)] ?? asks[contract.auth];
      if (!expected.test(source))
        problems.push(`${operationKey(contract)} is documented as "${contract.auth}" but does not match ${expected}`);
    }
    expect(problems).toEqual([]);
  });

  test("every error is documented in the one error shape of lib/api/error-body.ts", () => {
    const errorBody = z.toJSONSchema(ZErrorBody, { io: "output", target: "draft-2020-12" });
    const { $schema: _ignored, ...expected } = errorBody;
    expect(resolveRefs({ $ref: "#/components/schemas/ErrorBody" })).toEqual(expected);
    for (const contract of API_CONTRACTS.filter((contract) => contract.auth !== "next-auth")) {
      const operation = documentedOperation(contract.method, contract.path)!;
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      expect(errors.length, operationKey(contract)).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        expect(response.content?.["application/json"]?.schema, `${operationKey(contract)} ${status}`).toEqual({
          $ref: "#/components/schemas/ErrorBody",
        });
      }
    }
  });

  test("documents the limits (server/limits/) on the operations they apply to, 429s with Retry-After", () => {
    const writes = API_CONTRACTS.filter((contract) =>
      /^\/api\/(annotations|documents\/\{slug\}\/(annotations|import))/.test(contract.path),
    );
    for (const contract of writes.filter((contract) => contract.method !== "GET")) {
      expect(Object.keys(documentedOperation(contract.method, contract.path)!.responses), operationKey(contract)).toContain("429");
    }
    expect(Object.keys(documentedOperation("GET", "/api/documents/{slug}/events")!.responses)).toContain("429");
    expect(Object.keys(documentedOperation("POST", "/api/documents/{slug}/import")!.responses)).toContain("413");
    expect(Object.keys(documentedOperation("GET", "/api/notes/export")!.responses)).toContain("413");
    expect(Object.keys(documentedOperation("POST", "/api/groups/join")!.responses)).toContain("409");
    for (const contract of API_CONTRACTS) {
      const limited = documentedOperation(contract.method, contract.path)!.responses["429"];
      if (limited) expect(limited.headers, operationKey(contract)).toHaveProperty("Retry-After");
    }
  });

  test("documents a 409 on every operation whose server function refuses with a conflict", () => {
    // The functions a handler calls from a module of server/ that throws AppError("CONFLICT", …):
    // PATCH /api/assignments/{id} refused three ways with 409 while its reference listed none.
    const undocumented: string[] = [];
    for (const contract of API_CONTRACTS.filter((contract) => contract.auth !== "next-auth")) {
      const route = ROUTES.find((candidate) => candidate.path === contract.path)!;
      const source = methodSource(route.source, contract.method);
      for (const [, names, module] of route.source.matchAll(/import \{([^}]+)\} from "@\/server\/([^"]+)"/g)) {
        const file = path.join(process.cwd(), "server", `${module}.ts`);
        let serverSource = "";
        try {
          serverSource = readFileSync(file, "utf8");
        } catch {
          continue; // an index or a folder: not a function's own module
        }
        if (!serverSource.includes('"CONFLICT"')) continue;
        const called = names
          .split(",")
          .map((name) => name.trim().replace(/^type /, ""))
          .filter((name) => source.includes(`${name}(`));
        if (called.length > 0 && !documentedOperation(contract.method, contract.path)!.responses["409"]) {
          undocumented.push(`${operationKey(contract)} (${called.join(", ")} in server/${module}.ts)`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  test("is a valid OpenAPI 3.1 document, and the validator does refuse an invalid one", async () => {
    const validator = new Validator();
    // As served: the JSON text, not the object in memory.
    const result = await validator.validate(JSON.parse(JSON.stringify(document)) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");

    const broken = JSON.parse(JSON.stringify(document)) as { paths: Record<string, Record<string, { parameters: Array<{ in: string }> }>> };
    broken.paths["/api/groups/{id}"].get.parameters[0].in = "body";
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  test("summarises every operation with its auth", () => {
    for (const contract of API_CONTRACTS) {
      const operation = documentedOperation(contract.method, contract.path)!;
      expect(operation["x-auth"]).toBe(contract.auth);
    }
  });
});

/*
 * The response schemas (lib/api/responses.ts) against the types the server really returns, as
 * JSON (a Date is sent as a string): a field added to a DTO and not to its schema, or typed
 * differently, fails `tsc`.
 */
type Jsonify<T> = T extends Date
  ? string
  : T extends readonly unknown[]
    ? { [K in keyof T]: Jsonify<T[K]> }
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T;
type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;
function sameShape<Schema extends z.ZodType, Dto>(_check: Same<z.output<Schema>, Jsonify<Dto>>): void {}

sameShape<typeof responses.ZAnnotationDto, AnnotationDto>(true);
sameShape<typeof responses.ZAnnotationPage, AnnotationPage>(true);
sameShape<typeof responses.ZAnnotationStubs, EncodedStubs>(true);
sameShape<typeof responses.ZDeleteResult, DeleteResult>(true);
sameShape<typeof responses.ZImportSummary, ImportSummary>(true);
sameShape<typeof responses.ZDocumentSummary, DocumentSummary>(true);
sameShape<typeof responses.ZFlagDto, FlagDto>(true);
sameShape<typeof responses.ZHelpfulDto, HelpfulDto>(true);
sameShape<typeof responses.ZScoreDto, ScoreDto>(true);
sameShape<typeof responses.ZReleaseScoresResult, ReleaseScoresResult>(true);
sameShape<typeof responses.ZMyGroupSummary, MyGroupSummary>(true);
sameShape<typeof responses.ZGroupDetails, GroupDetails>(true);
sameShape<typeof responses.ZGroupMember, GroupMember>(true);
sameShape<typeof responses.ZInviteSummary, InviteSummary>(true);
sameShape<typeof responses.ZInvitePreview, Omit<InvitePreview, "groupId">>(true);
sameShape<typeof responses.ZJoinResult, JoinResult>(true);
sameShape<typeof responses.ZNotificationPage, NotificationPage>(true);
sameShape<typeof responses.ZApiTokenSummary, ApiTokenSummary>(true);

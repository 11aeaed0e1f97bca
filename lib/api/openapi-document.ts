import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { API_AUTH, API_TAGS, type ApiAuth, type ApiContract } from "@/lib/api/contract";
import { API_CONTRACTS } from "@/lib/api/contracts";
import { ZErrorBody } from "@/lib/api/error-body";
import { ZAnnotationDto, ZGroupDetails } from "@/lib/api/responses";
import { ERROR_STATUS } from "@/lib/errors";

/** The OpenAPI 3.1 document as JSON: what `GET /api/openapi.json` serves and the reference page renders. */
export type OpenApiDocument = ReturnType<typeof createDocument>;

/** How an operation says who may call it, for tools: the reference page reads `x-auth`. */
const SECURITY: Record<ApiAuth, Array<Record<string, string[]>>> = {
  public: [],
  optional: [{}, { sessionCookie: [] }, { apiToken: [] }],
  read: [{ sessionCookie: [] }, { apiToken: [] }],
  write: [{ sessionCookie: [] }, { apiToken: [] }],
  session: [{ sessionCookie: [] }],
  "next-auth": [],
};

/** What each error status means when the contract says nothing more particular. */
const ERROR_MEANINGS: Record<number, string> = {
  400: "The request failed validation: `issues` says which field and why.",
  401: "Not signed in, or an invalid, expired or revoked API token.",
  403: "Not allowed: a read-only token for a change, or a cross-site browser request.",
  404: "Not found, or not yours to see (the same answer).",
  413: "The body is too large: a JSON body is at most 1 MB.",
  415: "The body is not JSON.",
  500: "Something went wrong on our side; nothing was changed.",
  503: "The database is unreachable, full or read-only for now; nothing was saved (Retry-After).",
};

/**
 * Builds the document from the contracts (lib/api/contracts/), the same objects the route
 * handlers parse their requests with. Request schemas are rendered as zod reads them (input),
 * responses as they are written (output); every error is the one `ZErrorBody` shape.
 */
export function buildOpenApiDocument(contracts: readonly ApiContract[] = API_CONTRACTS): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const contract of contracts) {
    const item = (paths[contract.path] ??= {});
    const method = contract.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
    if (item[method]) throw new Error(`Two contracts for ${contract.method} ${contract.path}.`);
    item[method] = toOperation(contract);
  }
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Marginalia API",
        version: "1",
        description:
          "Read and annotate documents, alone, in study groups and in class. Every route answers errors in one shape, " +
          '`{ "error": { "code", "message", "status", "issues"? } }`. Changes take JSON only and refuse cross-site ' +
          "browser requests. Sign in with a session cookie (next-auth) or send a personal API token made on the account page.",
      },
      tags: API_TAGS.map((name) => ({ name })),
      paths,
      components: {
        // Named once and referenced everywhere else ($ref), so the document stays readable.
        schemas: { ErrorBody: ZErrorBody, Annotation: ZAnnotationDto, GroupDetails: ZGroupDetails },
        securitySchemes: {
          sessionCookie: {
            type: "apiKey",
            in: "cookie",
            name: "next-auth.session-token",
            description: "The session cookie of a password sign-in.",
          },
          apiToken: {
            type: "http",
            scheme: "bearer",
            description: "A personal API token from the account page: `Authorization: Bearer mrg_…`.",
          },
        },
      },
    },
    { allowEmptySchema: { unknown: true } },
  );
}

function toOperation(contract: ApiContract): ZodOpenApiOperationObject {
  const requestParams = {
    ...(contract.params && { path: contract.params }),
    ...((contract.query ?? contract.queryReadByServer) && { query: contract.query ?? contract.queryReadByServer }),
  };
  const requestBody = contract.body
    ? { required: true, content: { [contract.bodyContentType ?? "application/json"]: { schema: contract.body } } }
    : contract.upload
      ? {
          required: true,
          description: contract.upload.description,
          content: Object.fromEntries(contract.upload.contentTypes.map((type) => [type, {}])),
        }
      : undefined;
  return {
    operationId: operationId(contract),
    summary: contract.summary,
    ...(contract.description && { description: contract.description }),
    tags: [contract.tag],
    security: SECURITY[contract.auth],
    "x-auth": contract.auth,
    "x-auth-description": API_AUTH[contract.auth],
    ...(Object.keys(requestParams).length > 0 && { requestParams }),
    ...(requestBody && { requestBody }),
    responses: { ...successResponses(contract), ...errorResponses(contract) },
  };
}

function successResponses(contract: ApiContract): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, response] of Object.entries(contract.responses)) {
    if (!response) continue;
    const content = {
      ...(response.schema && { "application/json": { schema: response.schema } }),
      ...Object.fromEntries(Object.entries(response.otherContent ?? {}).map(([type, schema]) => [type, schema ? { schema } : {}])),
    };
    responses[status as `2${string}`] = { description: response.description, ...(Object.keys(content).length > 0 && { content }) };
  }
  return responses;
}

/** Sent with every 429 and 503 (server/http/respond.ts): the outbox and scripts wait exactly this long. */
const RETRY_AFTER_HEADER = {
  "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer", minimum: 1 } },
} as const;

/** The errors an operation can answer, from what it declares: all in the one error shape. */
export function errorStatuses(contract: ApiContract): number[] {
  const statuses = new Set<number>(Object.keys(contract.errors ?? {}).map(Number));
  if (contract.body || contract.query || contract.queryReadByServer || contract.upload) statuses.add(400);
  if (contract.auth !== "public" && contract.auth !== "optional") statuses.add(401);
  if (contract.method !== "GET" && contract.auth !== "next-auth") statuses.add(403);
  if (contract.params) statuses.add(404);
  if ((contract.body && contract.auth !== "next-auth") || contract.upload) {
    statuses.add(413);
    statuses.add(415);
  }
  if (contract.auth !== "next-auth") {
    statuses.add(500);
    statuses.add(ERROR_STATUS.SERVICE_UNAVAILABLE);
  }
  return [...statuses].sort((a, b) => a - b);
}

function errorResponses(contract: ApiContract): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const status of errorStatuses(contract)) {
    const description = contract.errors?.[status] ?? ERROR_MEANINGS[status] ?? "An error.";
    const headers = status === 429 || status === 503 ? { headers: RETRY_AFTER_HEADER } : {};
    responses[String(status) as `4${string}`] =
      contract.auth === "next-auth"
        ? { description, ...headers }
        : { description, ...headers, content: { "application/json": { schema: ZErrorBody } } };
  }
  return responses;
}

/** A stable, readable id: "POST /api/groups/{id}/invites" is "post-groups-id-invites". */
function operationId(contract: ApiContract): string {
  const segments = contract.path
    .replace(/^\/api\//, "")
    .replace(/[{}]/g, "")
    .split(/[/.]/);
  return [contract.method.toLowerCase(), ...segments].join("-");
}

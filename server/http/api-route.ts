import "server-only";
import type { z } from "zod";
import type { ApiContract, ApiTag } from "@/lib/api/contract";
import { AppError } from "@/lib/errors";
import { getRequestViewer, requireSessionUser } from "@/server/auth/request-viewer";
import { readJsonFile } from "./read-json-file";
import { readReadingUpload, type ReadingUpload } from "./read-reading-upload";
import { assertStorableText, readJson } from "./respond";

/**
 * What a route reads from its request, each through its contract (lib/api/contracts/) and only
 * when the route asks, so the order of checks stays the route's own (origin, then who is asking,
 * then the body): `readBody()` is the JSON body parsed with `contract.body`, `readQuery()` the query
 * string parsed with `contract.query`, `readUpload()` the size-limited JSON file of `contract.upload`.
 */
export type ContractRequest<C extends ApiContract> = {
  readBody: () => Promise<C["body"] extends z.ZodType ? z.output<C["body"]> : never>;
  readQuery: () => Promise<C["query"] extends z.ZodObject ? z.output<C["query"]> : never>;
  readUpload: () => Promise<C["upload"] extends { reading: true } ? ReadingUpload : unknown>;
};

/** A route handler as Next.js calls it, carrying the contract it parses with (read by the API document's test). */
export type ContractRoute<C extends ApiContract, Context> = ((request: Request, context: Context) => Promise<Response>) & { contract: C };

/**
 * Declares a route handler together with its contract:
 * `export const POST = apiRoute(createReplyContract, (request, context: Context, { readBody }) => handleRoute(...))`.
 * The handler can read its input only the way the contract describes it.
 */
export function apiRoute<C extends ApiContract, Context = unknown>(
  contract: C,
  handler: (request: Request, context: Context, input: ContractRequest<C>) => Promise<Response>,
): ContractRoute<C, Context> {
  const route = async (request: Request, context: Context) =>
    keptPrivate(request, await handler(request, context, contractRequest(contract, request)));
  return Object.assign(route, { contract });
}

/**
 * An answer to a caller who showed who they are (a session cookie, a token) is theirs alone: no
 * shared cache (a proxy, a CDN put in front later) and no browser cache may keep it, unless the
 * route said otherwise. Without a Cache-Control a private reading's text, the token list or a
 * group's members went out with no such instruction (an independent check).
 */
function keptPrivate(request: Request, response: Response): Response {
  const isIdentified = request.headers.has("authorization") || request.headers.has("cookie");
  if (isIdentified && !response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "private, no-store");
  return response;
}

function contractRequest<C extends ApiContract>(contract: C, request: Request): ContractRequest<C> {
  return {
    readBody: async () => {
      if (!contract.body) throw new Error(`${contract.method} ${contract.path} declares no body.`);
      await assertCallerKnown(contract, request);
      return readJson(request, contract.body);
    },
    readQuery: async () => {
      if (!contract.query) throw new Error(`${contract.method} ${contract.path} declares no query.`);
      await assertCallerKnown(contract, request);
      const query = Object.fromEntries(new URL(request.url).searchParams);
      assertStorableText(query);
      return contract.query.parse(query);
    },
    readUpload: async () => {
      if (!contract.upload) throw new Error(`${contract.method} ${contract.path} declares no upload.`);
      await assertCallerKnown(contract, request);
      if (contract.upload.reading) {
        const reading = await readReadingUpload(request);
        // The file's own bytes are checked when decoded (server/documents/read-reading-input.ts).
        assertStorableText(reading.kind === "json" ? reading.body : reading.fields);
        return reading;
      }
      const upload = await readJsonFile(request);
      assertStorableText(upload);
      return upload;
    },
  } as ContractRequest<C>;
}

/**
 * Who is asking is settled before what they sent is judged: an anonymous caller of an operation
 * that needs an account gets 401, never the schema's 400 (which would tell them what to send),
 * whatever order the route's own checks come in. A dead API token is refused here too.
 */
/** The same words the domain's own check would have said, had it been reached first. */
const SIGN_IN_TO: Record<ApiTag, string> = {
  Documents: "Sign in to see and write annotations.",
  Annotations: "Sign in to see and write annotations.",
  "Moderation and review": "Sign in to see and write annotations.",
  Exports: "Sign in to see and write annotations.",
  Groups: "Sign in to use study groups.",
  Assignments: "Sign in to see assignments.",
  Notifications: "Sign in to see your notifications.",
  "API tokens": "Sign in with your password to manage API tokens.",
  Accounts: "Sign in to do this.",
  "This document": "Sign in to do this.",
};

async function assertCallerKnown(contract: ApiContract, request: Request): Promise<void> {
  if (contract.auth === "session") {
    await requireSessionUser(request);
  } else if (contract.auth === "read" || contract.auth === "write") {
    if (!(await getRequestViewer(request, contract.auth))) throw new AppError("UNAUTHENTICATED", SIGN_IN_TO[contract.tag]);
  }
}

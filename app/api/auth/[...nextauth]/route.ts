// GET|POST /api/auth/* - next-auth: csrf, session, providers, sign-in callbacks, sign-out
import NextAuth from "next-auth";
import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { LINK_INTENT_COOKIE, LINK_INTENT_PATH } from "@/server/auth/link-intent";
import { throttledSignInResponse } from "@/server/auth/sign-in-throttle";
import { buildAuthOptions } from "@/server/auth/options";
import { isUnusableCallbackUrl } from "@/lib/auth/safe-callback-url";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/server/http/respond";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function nextAuth(request: NextRequest, context: RouteContext, linkIntent?: string): Promise<Response> {
  return NextAuth(request, context, buildAuthOptions({ linkIntent }));
}

export async function GET(request: NextRequest, context: RouteContext) {
  const refusal = refusedQuery(request);
  if (refusal) return errorResponse(refusal);
  await dropUnusableCallbackCookie(request);
  const [action] = (await context.params).nextauth;
  const linkIntent = request.cookies.get(LINK_INTENT_COOKIE)?.value;
  if (action !== "callback" || !linkIntent) return nextAuth(request, context);
  // A provider's callback after "Connect" on the account page: the cookie is used once, whatever the outcome.
  const response = await nextAuth(request, context, linkIntent);
  response.headers.append("Set-Cookie", `${LINK_INTENT_COOKIE}=; Path=${LINK_INTENT_PATH}; Max-Age=0; HttpOnly; SameSite=Lax`);
  return response;
}

export async function POST(request: NextRequest, context: RouteContext) {
  const [action, providerId] = (await context.params).nextauth;
  const refusal = refusedQuery(request) ?? (await refusedBody(request));
  if (refusal) return errorResponse(refusal);
  await dropUnusableCallbackCookie(request);
  if (action === "callback" && providerId === "credentials") return throttledSignInResponse(request, await nextAuth(request, context));
  return nextAuth(request, context);
}

const UNUSABLE_CALLBACK_URL = "callbackUrl must be a path on this site or an http(s) address, as text with no control characters.";

/**
 * next-auth answered 500 for a callbackUrl it cannot use (see isUnusableCallbackUrl), in a request's
 * query or a POST body, on every endpoint (independent checks; browsers never send one). Such a
 * request is refused with 400 before next-auth sees it. next-auth reads a JSON body as well as a
 * form, so both are checked, and JSON it cannot parse is refused too. A usable one still goes
 * through the redirect callback (server/auth/options.ts), which keeps it on this site.
 */
function refusedQuery(request: NextRequest): AppError | null {
  // As next-auth reads a query: the last value of a repeated parameter.
  const { callbackUrl } = Object.fromEntries(request.nextUrl.searchParams);
  return callbackUrl && isUnusableCallbackUrl(callbackUrl, request.url) ? new AppError("BAD_REQUEST", UNUSABLE_CALLBACK_URL) : null;
}

async function refusedBody(request: NextRequest): Promise<AppError | null> {
  const type = request.headers.get("content-type") ?? "";
  let callbackUrl: unknown;
  const text = request.body ? await request.clone().text() : "";
  if (type.includes("application/json") && text) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return new AppError("BAD_REQUEST", "The request body is not valid JSON.");
    }
    callbackUrl = body && typeof body === "object" ? (body as Record<string, unknown>).callbackUrl : undefined;
  } else if (type.includes("application/x-www-form-urlencoded")) {
    // As next-auth reads a form: the last value of a repeated field.
    callbackUrl = Object.fromEntries(new URLSearchParams(text)).callbackUrl;
  }
  // next-auth treats an absent or empty callbackUrl as none.
  if (callbackUrl === undefined || callbackUrl === null || callbackUrl === "") return null;
  if (!isUnusableCallbackUrl(callbackUrl, request.url)) return null;
  return new AppError("BAD_REQUEST", UNUSABLE_CALLBACK_URL);
}

/**
 * next-auth also reads the callback address from its own cookie, on every request (the session,
 * the CSRF token): one it cannot use broke them all with a 500. It is only ever the client's own
 * cookie, so it is deleted before next-auth reads the cookies (it reads them from next/headers,
 * where a route handler's deletion is seen, and the answer tells the browser so).
 */
async function dropUnusableCallbackCookie(request: NextRequest): Promise<void> {
  const unusable = request.cookies
    .getAll()
    .filter(({ name, value }) => /next-auth\.callback-url$/.test(name) && isUnusableCallbackUrl(value, request.url));
  if (unusable.length === 0) return;
  const jar = await cookies();
  for (const { name } of unusable) jar.delete(name);
}

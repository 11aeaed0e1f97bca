// GET|POST /api/auth/* - next-auth: csrf, session, providers, sign-in callbacks, sign-out
import NextAuth from "next-auth";
import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { LINK_INTENT_COOKIE, LINK_INTENT_PATH } from "@/server/auth/link-intent";
import { throttledSignInResponse } from "@/server/auth/sign-in-throttle";
import { buildAuthOptions } from "@/server/auth/options";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/server/http/respond";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function nextAuth(request: NextRequest, context: RouteContext, linkIntent?: string): Promise<Response> {
  return NextAuth(request, context, buildAuthOptions({ linkIntent }));
}

export async function GET(request: NextRequest, context: RouteContext) {
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
  await dropUnusableCallbackCookie(request);
  const [action, providerId] = (await context.params).nextauth;
  if (await hasUnusableCallbackUrl(request))
    return errorResponse(new AppError("BAD_REQUEST", "callbackUrl must be an address on this site, with no control characters."));
  if (action === "callback" && providerId === "credentials") return throttledSignInResponse(request, await nextAuth(request, context));
  return nextAuth(request, context);
}

/**
 * next-auth writes the callbackUrl it is sent into a Location header and parses it as a URL: one
 * holding a control character (a tab, a line break) or that is no URL at all
 * ("http://localhost:3000.evil.example/", a port of 99999) made it throw, and the caller got a 500
 * (independent checks), on sign-in and sign-out alike. Browsers never send one; it is refused with
 * 400 before next-auth sees it.
 */
function isUnusableCallbackUrl(value: string, base: string): boolean {
  if (/[\u0000-\u001f\u007f]/.test(value)) return true;
  try {
    new URL(value, base);
    return false;
  } catch {
    return true;
  }
}

async function hasUnusableCallbackUrl(request: NextRequest): Promise<boolean> {
  if (!(request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) return false;
  const callbackUrl = (
    await request
      .clone()
      .formData()
      .catch(() => null)
  )?.get("callbackUrl");
  return typeof callbackUrl === "string" && isUnusableCallbackUrl(callbackUrl, request.url);
}

/**
 * next-auth also reads the callback address from its own cookie, on every request (the session,
 * the CSRF token): one a client made unusable broke them all with a 500. It is only ever the
 * client's own cookie, so it is deleted before next-auth reads the cookies (it reads them from
 * next/headers, where a route handler's deletion is seen, and the answer tells the browser so).
 */
async function dropUnusableCallbackCookie(request: NextRequest): Promise<void> {
  const unusable = request.cookies
    .getAll()
    .filter(({ name, value }) => /next-auth\.callback-url$/.test(name) && isUnusableCallbackUrl(value, request.url));
  if (unusable.length === 0) return;
  const jar = await cookies();
  for (const { name } of unusable) jar.delete(name);
}

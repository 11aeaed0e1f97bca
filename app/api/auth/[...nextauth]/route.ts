// GET|POST /api/auth/* - next-auth: csrf, session, providers, sign-in callbacks, sign-out
import NextAuth from "next-auth";
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
  if (action === "callback" && providerId === "credentials") {
    if (await hasUnusableCallbackUrl(request))
      return errorResponse(new AppError("BAD_REQUEST", "callbackUrl must be an address on this site, with no control characters."));
    return throttledSignInResponse(request, await nextAuth(request, context));
  }
  return nextAuth(request, context);
}

/**
 * next-auth writes the callbackUrl it is sent into a Location header and a URL: one holding a
 * control character (a tab, a line break) made it throw, and the caller got a 500 (an independent
 * check). Browsers never send one; it is refused with 400 before next-auth sees it.
 */
async function hasUnusableCallbackUrl(request: NextRequest): Promise<boolean> {
  if (!(request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) return false;
  const callbackUrl = (
    await request
      .clone()
      .formData()
      .catch(() => null)
  )?.get("callbackUrl");
  return typeof callbackUrl === "string" && /[\u0000-\u001f\u007f]/.test(callbackUrl);
}

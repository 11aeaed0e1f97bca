// GET|POST /api/auth/* - next-auth: csrf, session, providers, sign-in callbacks, sign-out
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { throttledSignInResponse } from "@/server/auth/sign-in-throttle";
import { buildAuthOptions } from "@/server/auth/options";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function nextAuth(request: NextRequest, context: RouteContext): Promise<Response> {
  return NextAuth(request, context, buildAuthOptions());
}

export function GET(request: NextRequest, context: RouteContext) {
  return nextAuth(request, context);
}

export async function POST(request: NextRequest, context: RouteContext) {
  const [action, providerId] = (await context.params).nextauth;
  if (action === "callback" && providerId === "credentials") {
    return throttledSignInResponse(request, await nextAuth(request, context));
  }
  return nextAuth(request, context);
}

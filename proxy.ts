import { NextResponse, type NextRequest } from "next/server";
import { crossOriginRefusal } from "@/server/http/same-origin";
import { serverActionBodyRefusal } from "@/server/http/server-action-body";

/**
 * Content-Security-Policy with a fresh nonce per request. Next.js reads the nonce from the
 * request's CSP header and stamps it on the scripts it renders; 'strict-dynamic' lets those
 * scripts load the rest of the bundle. Nothing inline runs unless we rendered it.
 */
export async function proxy(request: NextRequest) {
  // A page is posted to only by a server action (with or without JavaScript). Next refuses one
  // from another origin, or one whose body it cannot decode, itself, but with a bare 500; here
  // they are the 403 every route handler gives and a 400 that says what was wrong.
  if (request.method === "POST") {
    const refusal = crossOriginRefusal(request);
    if (refusal) return plainText(refusal, 403);
    const malformed = await serverActionBodyRefusal(request);
    if (malformed) return plainText(malformed, 400);
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

function plainText(message: string, status: number): NextResponse {
  return new NextResponse(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function contentSecurityPolicy(nonce: string): string {
  const isDev = process.env.NODE_ENV === "development";
  const isHttps = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
  return [
    "default-src 'self'",
    // React's dev tooling evaluates code; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // Next.js and React set inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The service worker (public/sw.js): 'strict-dynamic' makes script-src ignore 'self', which workers fall back to.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const config = {
  // Pages only: static assets and API responses carry no HTML to protect.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|woff2?)$).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};

import type { NextConfig } from "next";

const isHttps = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
  ...(isHttps ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // forbidden() from next/navigation: pages answer 403 (app/forbidden.tsx) for signed-in people
  // without the role, as the API does.
  experimental: { authInterrupts: true },
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it (nor
  // unpdf's 2 MB pdf.js build and mammoth, which are only ever needed on the server).
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "unpdf", "mammoth"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;

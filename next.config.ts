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
  experimental: {
    // forbidden() from next/navigation: pages answer 403 (app/forbidden.tsx) for signed-in people
    // without the role, as the API does.
    authInterrupts: true,
    // Turbopack leaves a chunk of its own once it passes `minChunkSize` (50 KB of source by
    // default), so a few lines added to the reading page's annotation store split its first load
    // into one more request and 620 more bytes of gzip (two files compress worse than one). At
    // 100 KB every page loads one file fewer and ~0.5 KiB less (the reading page 1.1 KiB less;
    // perf/js-budget.json).
    turbopackChunking: { minChunkSize: 100_000 },
  },
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it (nor
  // unpdf's 2 MB pdf.js build and mammoth, which are only ever needed on the server).
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "unpdf", "mammoth"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;

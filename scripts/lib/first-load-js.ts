// Each App Router page's first-load JavaScript, measured from a production build's manifests
// (no server, no browser): the files every page loads (`rootMainFiles` in build-manifest.json)
// plus the chunks of the page's own segments (`entryJSFiles` in its client reference manifest:
// root layout, not-found, forbidden, global error, the page). Chunks loaded later by a dynamic
// import are not listed there, and the `noModule` polyfill (`polyfillFiles`) is left out: modern
// browsers skip it. Sizes are gzip level 9, the way a server compressing static files sends them.
// e2e/js-budget.spec.ts checks this file list against the <script src> tags of a real page.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

export type RouteJs = { route: string; files: string[]; gzipBytes: number; rawBytes: number };

/** Budgets in KiB of gzip (1,024 bytes, the unit of issue #15's figures): one for every route, and others by route. */
export type JsBudget = { about?: string; defaultKiB: number; routes: Record<string, number> };

type ClientReferenceManifest = { entryJSFiles?: Record<string, string[]> };

/** Every `page_client-reference-manifest.js` under `.next/server/app`, keyed by its app path ("/read/[slug]/page"). */
function clientManifests(nextDir: string): Map<string, ClientReferenceManifest> {
  const appDir = path.join(nextDir, "server", "app");
  const found = new Map<string, ClientReferenceManifest>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "page_client-reference-manifest.js") {
        // The manifest is a script assigning globalThis.__RSC_MANIFEST[appPath]; run it in a sandbox to read it.
        const sandbox: { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
        runInNewContext(readFileSync(full, "utf8"), sandbox);
        for (const [appPath, manifest] of Object.entries(sandbox.__RSC_MANIFEST ?? {})) found.set(appPath, manifest);
      }
    }
  };
  walk(appDir);
  return found;
}

const gzipCache = new Map<string, { gzip: number; raw: number }>();

function fileSizes(nextDir: string, file: string): { gzip: number; raw: number } {
  const full = path.join(nextDir, file);
  const cached = gzipCache.get(full);
  if (cached) return cached;
  const bytes = readFileSync(full);
  const sizes = { gzip: gzipSync(bytes, { level: 9 }).length, raw: bytes.length };
  gzipCache.set(full, sizes);
  return sizes;
}

/** First-load JS of every page in the build at `nextDir` (a `.next` directory), by route ("/read/[slug]"). */
export function measureFirstLoadJs(nextDir: string): RouteJs[] {
  if (!existsSync(path.join(nextDir, "build-manifest.json"))) {
    throw new Error(`No production build in ${nextDir}: run \`npm run build\` first.`);
  }
  const buildManifest = JSON.parse(readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
    polyfillFiles: string[];
  };
  const routesByAppPath = JSON.parse(readFileSync(path.join(nextDir, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  const polyfills = new Set(buildManifest.polyfillFiles);
  const routes: RouteJs[] = [];
  for (const [appPath, manifest] of clientManifests(nextDir)) {
    const route = routesByAppPath[appPath];
    // Next's own error pages (/_not-found, /_global-error) are not routes anyone asks for.
    if (!route || route.startsWith("/_")) continue;
    const files = new Set(buildManifest.rootMainFiles);
    for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const chunk of chunks) files.add(chunk);
    const counted = [...files].filter((file) => file.endsWith(".js") && !polyfills.has(file)).sort();
    let gzipBytes = 0;
    let rawBytes = 0;
    for (const file of counted) {
      const sizes = fileSizes(nextDir, file);
      gzipBytes += sizes.gzip;
      rawBytes += sizes.raw;
    }
    routes.push({ route, files: counted, gzipBytes, rawBytes });
  }
  return routes.sort((a, b) => a.route.localeCompare(b.route));
}

export function readBudget(file: string): JsBudget {
  return JSON.parse(readFileSync(file, "utf8")) as JsBudget;
}

export function budgetKiBFor(budget: JsBudget, route: string): number {
  return budget.routes[route] ?? budget.defaultKiB;
}

export const kib = (bytes: number) => bytes / 1024;

// Benchmark: Lighthouse (mobile profile: a mid-range phone on a slow 4G link, simulated) on the
// reading page of the production build, signed in, with 20 annotations painted. Prints the scores
// and timings of this tree beside a baseline tree (issue 14: "before and after"), measured in the
// same run on the same machine.
//
//   npm run build && npm run bench:lighthouse
//
// BASELINE_REF (default: the last commit before issue 14's phone work) is exported with
// `git archive` into a scratch folder, built there once (kept between runs) and served beside this
// tree. LIGHTHOUSE_RUNS (default 3) runs per tree; the median of each figure is shown. Chromium is
// Debian's (CHROME_PATH, default /usr/bin/chromium); nothing leaves the machine.
import { execFileSync, execSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";

const root = process.cwd();
const BASELINE_REF = process.env.BASELINE_REF ?? "ed2ab20";
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const article = parsePlainTextArticle(readFileSync(path.join(root, "content", "taliban-ttp-and-pakistan.txt"), "utf8"));

type Tree = { label: string; dir: string; port: number };
type Figures = { performance: number; accessibility: number; bestPractices: number; lcp: number; tbt: number; cls: number; fcp: number };

/** The baseline's source, built once into a scratch folder that shares this checkout's node_modules. */
function prepareBaseline(): string {
  const sha = execFileSync("git", ["rev-parse", "--short", BASELINE_REF], { cwd: root, encoding: "utf8" }).trim();
  const dir = path.join(tmpdir(), "marginalia-lighthouse", sha);
  if (existsSync(path.join(dir, ".next", "BUILD_ID"))) return dir;
  console.log(`Building the baseline (${BASELINE_REF} = ${sha}) in ${dir} …`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execSync(`git archive ${sha} | tar -x -C ${JSON.stringify(dir)}`, { cwd: root, stdio: "inherit" });
  // Turbopack compiles nothing outside the project folder, so a symlink will not do: hard links
  // (same disk) or, failing that, a copy.
  try {
    execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")]);
  } catch {
    cpSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), { recursive: true, verbatimSymlinks: true });
  }
  // The baseline's own Prisma clients: its schema may differ from ours.
  execFileSync("npx", ["tsx", "scripts/db/generate-clients.ts"], { cwd: dir, stdio: "ignore" });
  execFileSync("npx", ["next", "build"], { cwd: dir, stdio: "inherit" });
  return dir;
}

function start(tree: Tree): ChildProcess {
  const dbFile = path.join(tree.dir, "data", "bench-lighthouse.db");
  mkdirSync(path.dirname(dbFile), { recursive: true });
  rmSync(dbFile, { force: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${dbFile}`,
    NEXTAUTH_URL: `http://localhost:${tree.port}`,
    NEXTAUTH_SECRET: "bench-only-secret",
    SIGN_UP_MAX_PER_IP: "1000",
    WRITE_RATE_BURST: "100000",
  };
  execFileSync("npx", ["tsx", "scripts/prepare-database.ts"], { cwd: tree.dir, env, stdio: "ignore" });
  return spawn("npx", ["next", "start", "--port", String(tree.port)], { cwd: tree.dir, env, stdio: "ignore", detached: true });
}

async function waitForServer(url: string) {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The server at ${url} did not start.`);
}

/** A signed-up reader with 20 notes on the article; returns their session cookie. */
async function readerCookie(baseURL: string): Promise<string> {
  const browser = await chromium.launch({ executablePath: CHROME_PATH });
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Bench reader");
  await page.getByLabel("Email").fill(`lighthouse-${Date.now()}@bench.test`);
  await page.getByLabel("Password").fill("bench-password-long");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText("Bench reader").first().waitFor();
  for (let index = 0; index < 20; index++) {
    const start = 100 + index * 300;
    const { quote, position } = describeTextRange(article.text, start, start + 60);
    await context.request.post(`/api/documents/${article.slug}/annotations`, {
      data: { target: { selector: [quote, position] }, visibility: "private", body: `Note ${index}` },
    });
  }
  const cookies = await context.cookies();
  await browser.close();
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

/**
 * One Lighthouse run through its CLI: the Node API would run under tsx, whose name-keeping helpers
 * end up in the functions Lighthouse sends to the page (and are not defined there).
 */
function audit(url: string, cookie: string): Figures {
  const json = execFileSync(
    path.join(root, "node_modules", ".bin", "lighthouse"),
    [
      url,
      "--output=json",
      "--output-path=stdout",
      "--quiet",
      "--only-categories=performance,accessibility,best-practices",
      `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ],
    { env: { ...process.env, CHROME_PATH }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  // LIGHTHOUSE_REPORTS=<folder> keeps each run's report, to read its audits' details (what shifted, the LCP breakdown).
  if (process.env.LIGHTHOUSE_REPORTS) {
    mkdirSync(process.env.LIGHTHOUSE_REPORTS, { recursive: true });
    writeFileSync(path.join(process.env.LIGHTHOUSE_REPORTS, `${new URL(url).port}-${Date.now()}.json`), json);
  }
  const { categories, audits } = JSON.parse(json) as {
    categories: Record<string, { score: number | null }>;
    audits: Record<string, { numericValue?: number }>;
  };
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
  const value = (id: string) => audits[id]?.numericValue ?? Number.NaN;
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    fcp: value("first-contentful-paint"),
    lcp: value("largest-contentful-paint"),
    tbt: value("total-blocking-time"),
    cls: value("cumulative-layout-shift"),
  };
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(tree: Tree): Promise<Figures> {
  const server = start(tree);
  try {
    const baseURL = `http://localhost:${tree.port}`;
    await waitForServer(`${baseURL}/api/auth/csrf`);
    const cookie = await readerCookie(baseURL);
    const runs: Figures[] = [];
    for (let run = 0; run < RUNS; run++) runs.push(audit(`${baseURL}/read/${article.slug}`, cookie));
    const keys = Object.keys(runs[0]) as (keyof Figures)[];
    return Object.fromEntries(keys.map((key) => [key, median(runs.map((figures) => figures[key]))])) as Figures;
  } finally {
    process.kill(-server.pid!);
  }
}

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("Run `npm run build` first.");
  const baseline = prepareBaseline();
  const before = await measure({ label: "before", dir: baseline, port: 3390 });
  const after = await measure({ label: "after", dir: root, port: 3391 });
  const row = (label: string, a: string, b: string) => console.log(`${label.padEnd(30)} ${a.padStart(14)} ${b.padStart(14)}`);
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(`\nLighthouse 12, mobile profile, the reading page signed in (median of ${RUNS} runs each)`);
  row("", `before ${BASELINE_REF}`, "after (this tree)");
  row("Performance score", String(before.performance), String(after.performance));
  row("Accessibility score", String(before.accessibility), String(after.accessibility));
  row("Best practices score", String(before.bestPractices), String(after.bestPractices));
  row("First Contentful Paint", ms(before.fcp), ms(after.fcp));
  row("Largest Contentful Paint", ms(before.lcp), ms(after.lcp));
  row("Total Blocking Time", ms(before.tbt), ms(after.tbt));
  row("Cumulative Layout Shift", before.cls.toFixed(3), after.cls.toFixed(3));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

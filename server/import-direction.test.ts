import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The arrows between server/'s domains point one way. In particular a mutation in
 * server/annotations (or server/moderation, server/review) records, announces and notifies through
 * server/outbox, and server/live only reads what the outbox wrote: nothing in server/annotations
 * imports server/live, and server/outbox imports neither. Tests and their helpers may reach
 * anywhere, so only production files count.
 */
const SERVER = path.resolve(__dirname);

function productionFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : productionFiles(full);
    const isSource = /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && entry.name !== "test-helpers.ts";
    return isSource ? [full] : [];
  });
}

/** The server/ domains each domain imports (by "@/server/<domain>/…" or a relative path that leaves the folder). */
function domainGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of productionFiles(SERVER)) {
    const domain = path.relative(SERVER, file).split(path.sep)[0];
    if (!graph.has(domain)) graph.set(domain, new Set());
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(/from\s+"([^"]+)"/g)) {
      const target = specifier.startsWith("@/server/")
        ? specifier.slice("@/server/".length).split("/")[0]
        : specifier.startsWith(".")
          ? path.relative(SERVER, path.resolve(path.dirname(file), specifier)).split(path.sep)[0]
          : null;
      if (target && target !== domain && !target.startsWith("..")) graph.get(domain)!.add(target);
    }
  }
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === "done") return null;
    if (state.get(node) === "visiting") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe("imports between server/ domains", () => {
  const graph = domainGraph();

  it("never go from annotations to live, nor from the outbox to annotations or live", () => {
    expect([...graph.get("annotations")!]).not.toContain("live");
    expect([...graph.get("outbox")!]).not.toContain("annotations");
    expect([...graph.get("outbox")!]).not.toContain("live");
    expect([...graph.get("live")!]).toContain("outbox"); // the hub reads what the outbox wrote
  });

  // server/auth ↔ server/tokens (a token's session user type, the token form's actions) and
  // server/auth ↔ server/http (the client's address for sign-in throttling; who is asking) are older
  // than this check and outside it.
  const domains = new Set([...graph.keys()].filter((domain) => domain !== "auth" && domain !== "tokens"));
  const subgraph = new Map(
    [...graph]
      .filter(([domain]) => domains.has(domain))
      .map(([domain, targets]) => [domain, new Set([...targets].filter((target) => domains.has(target)))]),
  );

  it("form no cycle among the domains that read and change annotations and groups", () => {
    expect(subgraph.size).toBeGreaterThan(8);
    expect(findCycle(subgraph)).toBeNull();
  });

  it("would see a cycle if there were one", () => {
    // The same graph the check above reads, with one arrow added the wrong way.
    const withCycle = new Map(subgraph);
    withCycle.set("outbox", new Set([...subgraph.get("outbox")!, "live"]));
    expect(findCycle(withCycle)).toEqual(expect.arrayContaining(["live", "outbox"]));
  });
});

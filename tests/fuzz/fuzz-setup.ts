// What the API fuzzer (./api-fuzzer.ts) needs around it: real objects to aim at, made through the
// API, and a snapshot of everything a refused request must leave alone, read from the database
// the server writes to (raw drivers, so the e2e suite can use it too) and from the exports.
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, sqliteFilePath } from "@/prisma/database-url";
import type { FuzzCaller, FuzzFixtures, FuzzRole } from "./api-fuzzer";

/**
 * Tables whose rows a refusal may legitimately add: failed sign-ins and rate limits are counted
 * (that is the point of them), and presence rows come and go with live streams.
 */
const CHANGES_ON_REFUSAL = new Set(["RateLimitBucket", "ReaderPresence", "_prisma_migrations"]);

/** Row counts per table, one line each. */
export async function countRows(databaseUrl: string): Promise<() => Promise<string>> {
  if (databaseProvider(databaseUrl) === "sqlite") {
    const sqlite = new Database(sqliteFilePath(databaseUrl), { readonly: true });
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>)
      .map((row) => row.name)
      .filter((name) => !CHANGES_ON_REFUSAL.has(name) && !name.startsWith("sqlite_"));
    const statement = sqlite.prepare(tables.map((name) => `SELECT '${name}' AS name, COUNT(*) AS n FROM "${name}"`).join(" UNION ALL "));
    return async () => (statement.all() as Array<{ name: string; n: number }>).map((row) => `${row.name} ${row.n}`).join("\n");
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const tables = rows.map((row) => row.table_name).filter((name) => !CHANGES_ON_REFUSAL.has(name));
  const sql = tables.map((name) => `SELECT '${name}' AS name, COUNT(*) AS n FROM "${name}"`).join(" UNION ALL ");
  return async () => (await client.query<{ name: string; n: string }>(sql)).rows.map((row) => `${row.name} ${row.n}`).join("\n");
}

/** Exports and pages that show what the fuzzed people own, without the moment they were made. */
export async function exportsSnapshot(baseUrl: string, callers: Record<FuzzRole, FuzzCaller>, fixtures: FuzzFixtures): Promise<string> {
  const read = async (role: FuzzRole, path: string) => {
    // A kept-alive connection the server has just closed fails once: ask again on a new one.
    const response = await fetch(`${baseUrl}${path}`, { headers: callers[role].headers }).catch(() =>
      fetch(`${baseUrl}${path}`, { headers: { ...callers[role].headers, connection: "close" } }),
    );
    return `${path} ${response.status} ${(await response.text()).replace(/"exportedAt":"[^"]*"|\d{4}-\d\d-\d\dT[\d:.]+Z/g, "")}`;
  };
  const parts = await Promise.all([
    read("member", "/api/notes/export?format=json"),
    read("instructor", "/api/notes/export?format=json"),
    read("member", `/api/documents/${fixtures.slug}/export`),
    read("instructor", `/api/groups/${fixtures.groupId}`),
    read("instructor", `/api/groups/${fixtures.groupId}/members`),
  ]);
  return parts.join("\n");
}

/**
 * Real objects to aim at: a group (owned by `owner`) with the member and the instructor in it, a
 * group note by the member with a reply, an invite. `document` is a reading that exists, or the
 * text of one the owner adds for the group: on a server other tests share, a reading of the
 * fuzz's own keeps the snapshot (its export, read after every request) small and its own.
 */
export async function createFixtures(
  baseUrl: string,
  people: { owner: FuzzCaller; member: FuzzCaller; instructor: FuzzCaller },
  document: { slug: string; exact: string } | { addText: string },
): Promise<FuzzFixtures> {
  const call = async <T>(caller: FuzzCaller, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...caller.headers, ...(body !== undefined && { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`fuzz setup: ${method} ${path} answered ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const group = await call<{ id: string; joinCode: string }>(people.owner, "POST", "/api/groups", { name: `Fuzz seminar ${Date.now()}` });
  const reading =
    "addText" in document
      ? {
          slug: (
            await call<{ slug: string }>(people.owner, "POST", "/api/documents", {
              text: document.addText,
              title: `Fuzz reading ${Date.now()}`,
              visibility: "group",
              groupId: group.id,
            })
          ).slug,
          exact: document.addText.slice(0, 24),
        }
      : document;
  await call(people.member, "POST", "/api/groups/join", { code: group.joinCode });
  const invite = await call<{ url: string }>(people.owner, "POST", `/api/groups/${group.id}/invites`, { role: "instructor" });
  await call(people.instructor, "POST", `/api/invites/${invite.url.split("/").pop()}`);
  const spare = await call<{ id: string }>(people.owner, "POST", `/api/groups/${group.id}/invites`, { role: "member" });
  const annotation = await call<{ id: string }>(people.member, "POST", `/api/documents/${reading.slug}/annotations`, {
    target: { selector: [{ type: "TextQuoteSelector", exact: reading.exact }] },
    body: "A note to fuzz around",
    tags: ["fuzz"],
    visibility: { group: group.id },
  });
  const reply = await call<{ id: string }>(people.instructor, "POST", `/api/annotations/${annotation.id}/replies`, { body: "A reply" });
  const { items: members } = await call<{ items: Array<{ userId: string; role: string }> }>(
    people.owner,
    "GET",
    `/api/groups/${group.id}/members`,
  );
  const idOf = (role: string) => members.find((member) => member.role === role)?.userId ?? "missing";
  return {
    slug: reading.slug,
    groupId: group.id,
    annotationId: annotation.id,
    replyId: reply.id,
    memberId: idOf("member"),
    instructorId: idOf("instructor"),
    inviteId: spare.id,
  };
}

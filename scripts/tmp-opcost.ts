import { performance as clock } from "node:perf_hooks";
process.env.DATABASE_URL ??= `file:${process.cwd()}/data/bench-scale/bench.db`;
async function main() {
  const { db } = await import("@/server/db/client");
  const { ANNOTATION_SELECT } = await import("@/server/annotations/annotation-dto");
  const token = await db.apiToken.findFirstOrThrow({ select: { tokenHash: true, userId: true } });
  const doc = await db.document.findFirstOrThrow({ select: { id: true, slug: true, versions: { select: { id: true }, take: 1 } } });
  const N = 100;
  async function time(name: string, f: () => Promise<unknown>) {
    for (let i = 0; i < 10; i++) await f();
    const t = clock.now();
    for (let i = 0; i < N; i++) await f();
    console.log(name.padEnd(50), ((clock.now() - t) / N).toFixed(2), "ms");
  }
  await time("apiToken.findUnique+user", () => db.apiToken.findUnique({ where: { tokenHash: token.tokenHash }, select: { id: true, scope: true, expiresAt: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, name: true, email: true } } } }));
  await time("apiToken.findUnique+user again", () => db.apiToken.findUnique({ where: { tokenHash: token.tokenHash }, select: { id: true, scope: true, expiresAt: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, name: true, email: true } } } }));
  await time("apiToken.findUnique no user", () => db.apiToken.findUnique({ where: { tokenHash: token.tokenHash }, select: { id: true, scope: true, expiresAt: true, revokedAt: true, lastUsedAt: true, userId: true } }));
  await time("$queryRaw token join", () => db.$queryRaw`SELECT t."id", t."scope", t."expiresAt", t."revokedAt", t."lastUsedAt", u."id" AS "userId", u."name", u."email" FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = ${token.tokenHash}`);
  console.log(await db.$queryRaw`SELECT t."id", t."scope", t."expiresAt", t."revokedAt", t."lastUsedAt", u."id" AS "userId", u."name", u."email" FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = ${token.tokenHash}`);
  await time("document.findUnique+versions", () => db.document.findUnique({ where: { slug: doc.slug }, select: { id: true, visibility: true, versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, text: true } } } as never }));
  await time("membership.findMany+group", () => db.membership.findMany({ where: { userId: { in: [token.userId] } }, select: { userId: true, groupId: true, role: true, group: { select: { hideUntilPostCount: true } } } }));
  await time("rateLimitBucket.findUnique", () => db.rateLimitBucket.findUnique({ where: { key: "write:" + token.userId }, select: { resetAt: true } }));
  await time("readerPreference.upsert", () => db.readerPreference.upsert({ where: { userId: token.userId }, create: { userId: token.userId, lastColor: "yellow", lastVisibility: "private" }, update: { lastColor: "yellow", lastVisibility: "private" } }));
  await time("$executeRaw upsert pref", () => db.$executeRaw`INSERT INTO "ReaderPreference" ("userId", "lastColor", "lastVisibility", "updatedAt") VALUES (${token.userId}, 'yellow', 'private', ${new Date()}) ON CONFLICT ("userId") DO UPDATE SET "lastColor" = excluded."lastColor", "lastVisibility" = excluded."lastVisibility", "updatedAt" = excluded."updatedAt"`);
  await time("$queryRaw select 1 row", () => db.$queryRaw`SELECT "userId" FROM "ReaderPreference" WHERE "userId" = ${token.userId}`);
  const data = { documentId: doc.id, versionId: doc.versions[0].id, authorId: token.userId, exact: "x", prefix: "", suffix: "", start: 0, end: 1, body: "b", color: "yellow", visibility: "private", groupId: null };
  await time("annotation.create minimal, no tags relation", () => db.annotation.create({ data, select: { id: true } }));
  await time("annotation.create ANNOTATION_SELECT", () => db.annotation.create({ data: { ...data, tags: { create: [] } }, select: ANNOTATION_SELECT }));
  await time("annotation.create select id", () => db.annotation.create({ data, select: { id: true, createdAt: true, updatedAt: true } }));
  await time("annotation.create id + tags create", () => db.annotation.create({ data: { ...data, tags: { create: [] } }, select: { id: true, createdAt: true, updatedAt: true } }));
  await time("annotationEvent.createMany", () => db.annotationEvent.createMany({ data: [{ documentId: doc.id, annotationId: "x", kind: "created", change: "created", actorId: token.userId, clientToken: null, before: null }] }));
  await time("$transaction(empty)", () => db.$transaction(async () => {}));
  const ev = await db.annotationEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
  console.log("event createdAt", ev.createdAt);
  const pref = await db.readerPreference.findUniqueOrThrow({ where: { userId: token.userId } });
  console.log("pref updatedAt", pref.updatedAt);
  await db.$disconnect();
}
void main();

import { describe, expect, it } from "vitest";
import { databaseUrl } from "@/prisma/database-url";
import { db } from "@/server/db/client";
import { createDocument, createUser, insertAnnotation } from "@/tests/factories";
import { backfillTagKeys } from "./backfill-tag-keys";

describe("backfillTagKeys", () => {
  it("keys again the tags the migration's lower() left unfolded, and nothing else", async () => {
    const user = await createUser();
    const document = await createDocument("backfill-tag-keys");
    const note = await insertAnnotation(user, document, { tags: ["Été", "Walking", "ÇA"] });
    // What the migration's lower() gives on SQLite: ASCII folded, the rest as written.
    await db.annotationTag.update({ where: { annotationId_name: { annotationId: note.id, name: "Été" } }, data: { key: "Été" } });
    await db.annotationTag.update({ where: { annotationId_name: { annotationId: note.id, name: "ÇA" } }, data: { key: "Ça" } });

    expect(await backfillTagKeys(databaseUrl())).toBe(2);
    const keys = await db.annotationTag.findMany({ where: { annotationId: note.id }, select: { name: true, key: true } });
    expect(new Map(keys.map(({ name, key }) => [name, key]))).toEqual(
      new Map([
        ["Été", "été"],
        ["Walking", "walking"],
        ["ÇA", "ça"],
      ]),
    );
    expect(await backfillTagKeys(databaseUrl())).toBe(0);
  });
});

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AnnotationTag" (
    "annotationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,

    PRIMARY KEY ("annotationId", "name"),
    CONSTRAINT "AnnotationTag_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Existing tags get their key from SQL's lower(), which folds ASCII only here; names with other
-- letters are keyed again by scripts/db/backfill-tag-keys.ts, which `npm start` runs after migrating.
INSERT INTO "new_AnnotationTag" ("annotationId", "name", "key") SELECT "annotationId", "name", lower("name") FROM "AnnotationTag";
DROP TABLE "AnnotationTag";
ALTER TABLE "new_AnnotationTag" RENAME TO "AnnotationTag";
CREATE INDEX "AnnotationTag_name_idx" ON "AnnotationTag"("name");
CREATE INDEX "AnnotationTag_key_idx" ON "AnnotationTag"("key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- AlterTable: existing tags get their key from SQL's lower() (how far it folds depends on the
-- database's locale); names beyond ASCII are keyed again by scripts/db/backfill-tag-keys.ts, which
-- `npm start` runs after migrating.
ALTER TABLE "AnnotationTag" ADD COLUMN     "key" TEXT NOT NULL DEFAULT '';
UPDATE "AnnotationTag" SET "key" = lower("name");
ALTER TABLE "AnnotationTag" ALTER COLUMN "key" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "AnnotationTag_key_idx" ON "AnnotationTag"("key");


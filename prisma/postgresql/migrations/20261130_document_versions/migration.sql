-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "anchorScore" DOUBLE PRECISION NOT NULL DEFAULT 1,
ADD COLUMN     "anchorStatus" TEXT NOT NULL DEFAULT 'anchored';

-- CreateTable
CREATE TABLE "AnnotationAnchor" (
    "annotationId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "exact" TEXT,
    "prefix" TEXT,
    "suffix" TEXT,
    "start" INTEGER,
    "end" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnnotationAnchor_pkey" PRIMARY KEY ("annotationId","versionId")
);

-- CreateIndex
CREATE INDEX "AnnotationAnchor_versionId_status_idx" ON "AnnotationAnchor"("versionId", "status");

-- AddForeignKey
ALTER TABLE "AnnotationAnchor" ADD CONSTRAINT "AnnotationAnchor_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationAnchor" ADD CONSTRAINT "AnnotationAnchor_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocumentVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Every annotation made so far stays pinned where it is: its place on its own version becomes that
-- version's anchoring record.
INSERT INTO "AnnotationAnchor" ("annotationId", "versionId", "status", "score", "exact", "prefix", "suffix", "start", "end")
SELECT "id", "versionId", 'anchored', 1, "exact", "prefix", "suffix", "start", "end"
FROM "Annotation" WHERE "parentId" IS NULL AND "start" IS NOT NULL;

-- One made on an older version (a re-seeded article) was never carried over: it has no place on
-- the latest version until its author gives it one.
UPDATE "Annotation" SET "anchorStatus" = 'orphaned'
WHERE "parentId" IS NULL AND "versionId" <> (
  SELECT v."id" FROM "DocumentVersion" v WHERE v."documentId" = "Annotation"."documentId" ORDER BY v."number" DESC LIMIT 1
);

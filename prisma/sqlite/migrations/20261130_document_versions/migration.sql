-- CreateTable
CREATE TABLE "AnnotationAnchor" (
    "annotationId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "exact" TEXT,
    "prefix" TEXT,
    "suffix" TEXT,
    "start" INTEGER,
    "end" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("annotationId", "versionId"),
    CONSTRAINT "AnnotationAnchor_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AnnotationAnchor_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocumentVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Annotation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "parentId" TEXT,
    "exact" TEXT,
    "prefix" TEXT,
    "suffix" TEXT,
    "start" INTEGER,
    "end" INTEGER,
    "body" TEXT NOT NULL DEFAULT '',
    "color" TEXT,
    "visibility" TEXT NOT NULL DEFAULT 'private',
    "groupId" TEXT,
    "resolvedAt" DATETIME,
    "clientToken" TEXT,
    "deletedAt" DATETIME,
    "hiddenAt" DATETIME,
    "hiddenById" TEXT,
    "isFeedback" BOOLEAN NOT NULL DEFAULT false,
    "anchorStatus" TEXT NOT NULL DEFAULT 'anchored',
    "anchorScore" REAL NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Annotation_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Annotation_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DocumentVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Annotation_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Annotation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Annotation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Annotation_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Annotation_hiddenById_fkey" FOREIGN KEY ("hiddenById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Annotation" ("authorId", "body", "clientToken", "color", "createdAt", "deletedAt", "documentId", "end", "exact", "groupId", "hiddenAt", "hiddenById", "id", "isFeedback", "parentId", "prefix", "resolvedAt", "start", "suffix", "updatedAt", "versionId", "visibility") SELECT "authorId", "body", "clientToken", "color", "createdAt", "deletedAt", "documentId", "end", "exact", "groupId", "hiddenAt", "hiddenById", "id", "isFeedback", "parentId", "prefix", "resolvedAt", "start", "suffix", "updatedAt", "versionId", "visibility" FROM "Annotation";
DROP TABLE "Annotation";
ALTER TABLE "new_Annotation" RENAME TO "Annotation";
CREATE UNIQUE INDEX "Annotation_clientToken_key" ON "Annotation"("clientToken");
CREATE INDEX "Annotation_documentId_start_idx" ON "Annotation"("documentId", "start");
CREATE INDEX "Annotation_authorId_idx" ON "Annotation"("authorId");
CREATE INDEX "Annotation_parentId_idx" ON "Annotation"("parentId");
CREATE INDEX "Annotation_groupId_idx" ON "Annotation"("groupId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AnnotationAnchor_versionId_status_idx" ON "AnnotationAnchor"("versionId", "status");


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

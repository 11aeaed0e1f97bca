-- CreateTable
CREATE TABLE "DeletedAnnotation" (
    "annotationId" TEXT NOT NULL PRIMARY KEY,
    "authorId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "deletedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "DeletedAnnotation_deletedAt_idx" ON "DeletedAnnotation"("deletedAt");


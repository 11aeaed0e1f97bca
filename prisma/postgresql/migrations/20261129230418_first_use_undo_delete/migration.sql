-- CreateTable
CREATE TABLE "DeletedAnnotation" (
    "annotationId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeletedAnnotation_pkey" PRIMARY KEY ("annotationId")
);

-- CreateIndex
CREATE INDEX "DeletedAnnotation_deletedAt_idx" ON "DeletedAnnotation"("deletedAt");


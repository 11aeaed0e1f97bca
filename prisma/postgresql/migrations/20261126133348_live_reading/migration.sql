-- AlterTable
ALTER TABLE "ReaderPreference" ADD COLUMN     "liveUpdates" TEXT NOT NULL DEFAULT 'immediate';

-- CreateTable
CREATE TABLE "AnnotationEvent" (
    "id" SERIAL NOT NULL,
    "documentId" TEXT NOT NULL,
    "annotationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "before" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnnotationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReaderPresence" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReaderPresence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AnnotationEvent_documentId_id_idx" ON "AnnotationEvent"("documentId", "id");

-- CreateIndex
CREATE INDEX "AnnotationEvent_createdAt_idx" ON "AnnotationEvent"("createdAt");

-- CreateIndex
CREATE INDEX "ReaderPresence_documentId_seenAt_idx" ON "ReaderPresence"("documentId", "seenAt");

-- CreateIndex
CREATE INDEX "ReaderPresence_instanceId_idx" ON "ReaderPresence"("instanceId");


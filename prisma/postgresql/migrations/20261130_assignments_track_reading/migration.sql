-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "expectedReadPercent" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "questionColor" TEXT,
ADD COLUMN     "questionTag" TEXT;

-- CreateTable
CREATE TABLE "ReadingProgress" (
    "userId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "furthestParagraph" INTEGER NOT NULL,
    "paragraphCount" INTEGER NOT NULL,
    "furthestPermille" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReadingProgress_pkey" PRIMARY KEY ("userId","documentId")
);

-- CreateTable
CREATE TABLE "ReadingSession" (
    "userId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "activeSeconds" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReadingSession_pkey" PRIMARY KEY ("userId","documentId","id")
);

-- CreateIndex
CREATE INDEX "ReadingProgress_documentId_idx" ON "ReadingProgress"("documentId");

-- CreateIndex
CREATE INDEX "ReadingSession_documentId_userId_idx" ON "ReadingSession"("documentId", "userId");

-- AddForeignKey
ALTER TABLE "ReadingProgress" ADD CONSTRAINT "ReadingProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadingProgress" ADD CONSTRAINT "ReadingProgress_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadingSession" ADD CONSTRAINT "ReadingSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadingSession" ADD CONSTRAINT "ReadingSession_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;


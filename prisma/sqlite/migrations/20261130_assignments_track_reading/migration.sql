-- CreateTable
CREATE TABLE "ReadingProgress" (
    "userId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "furthestParagraph" INTEGER NOT NULL,
    "paragraphCount" INTEGER NOT NULL,
    "furthestPermille" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "documentId"),
    CONSTRAINT "ReadingProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReadingProgress_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReadingSession" (
    "userId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "activeSeconds" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "documentId", "id"),
    CONSTRAINT "ReadingSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReadingSession_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (columns added in place: a table rebuild would drop columns that other migrations add to Assignment;
-- named to sort after 20261130_assignments_rubric, whose SQLite rebuild of Assignment would drop these)
ALTER TABLE "Assignment" ADD COLUMN "expectedReadPercent" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Assignment" ADD COLUMN "questionColor" TEXT;
ALTER TABLE "Assignment" ADD COLUMN "questionTag" TEXT;

-- CreateIndex
CREATE INDEX "ReadingProgress_documentId_idx" ON "ReadingProgress"("documentId");

-- CreateIndex
CREATE INDEX "ReadingSession_documentId_userId_idx" ON "ReadingSession"("documentId", "userId");


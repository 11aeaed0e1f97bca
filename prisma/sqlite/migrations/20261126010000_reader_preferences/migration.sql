-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "clientToken" TEXT;

-- CreateTable
CREATE TABLE "ReaderPreference" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "colorLabels" TEXT NOT NULL DEFAULT '{}',
    "shortcuts" TEXT NOT NULL DEFAULT '{}',
    "lastColor" TEXT NOT NULL DEFAULT 'yellow',
    "lastVisibility" TEXT NOT NULL DEFAULT 'private',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReaderPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Annotation_clientToken_key" ON "Annotation"("clientToken");


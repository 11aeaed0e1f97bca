-- CreateTable
CREATE TABLE "AnnotationEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentId" TEXT NOT NULL,
    "annotationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "before" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ReaderPresence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "seenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ReaderPreference" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "colorLabels" TEXT NOT NULL DEFAULT '{}',
    "shortcuts" TEXT NOT NULL DEFAULT '{}',
    "lastColor" TEXT NOT NULL DEFAULT 'yellow',
    "lastVisibility" TEXT NOT NULL DEFAULT 'private',
    "liveUpdates" TEXT NOT NULL DEFAULT 'immediate',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReaderPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ReaderPreference" ("colorLabels", "lastColor", "lastVisibility", "shortcuts", "updatedAt", "userId") SELECT "colorLabels", "lastColor", "lastVisibility", "shortcuts", "updatedAt", "userId" FROM "ReaderPreference";
DROP TABLE "ReaderPreference";
ALTER TABLE "new_ReaderPreference" RENAME TO "ReaderPreference";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AnnotationEvent_documentId_id_idx" ON "AnnotationEvent"("documentId", "id");

-- CreateIndex
CREATE INDEX "AnnotationEvent_createdAt_idx" ON "AnnotationEvent"("createdAt");

-- CreateIndex
CREATE INDEX "ReaderPresence_documentId_seenAt_idx" ON "ReaderPresence"("documentId", "seenAt");

-- CreateIndex
CREATE INDEX "ReaderPresence_instanceId_idx" ON "ReaderPresence"("instanceId");


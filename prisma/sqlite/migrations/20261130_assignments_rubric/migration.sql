-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "instructions" TEXT NOT NULL DEFAULT '',
    "opensAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "position" INTEGER NOT NULL DEFAULT 0,
    "expectedAnnotations" INTEGER NOT NULL DEFAULT 0,
    "expectedReplies" INTEGER NOT NULL DEFAULT 0,
    "gradingMode" TEXT NOT NULL DEFAULT 'scaled',
    "points" INTEGER NOT NULL DEFAULT 10,
    "countMode" TEXT NOT NULL DEFAULT 'separate',
    "latePenaltyPercent" INTEGER NOT NULL DEFAULT 0,
    "rubricPercent" INTEGER NOT NULL DEFAULT 0,
    "gradesReleasedAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assignment_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Assignment" ("closedAt", "countMode", "createdAt", "createdById", "documentId", "dueAt", "expectedAnnotations", "expectedReplies", "gradesReleasedAt", "gradingMode", "groupId", "id", "instructions", "latePenaltyPercent", "opensAt", "points", "position", "title", "updatedAt") SELECT "closedAt", "countMode", "createdAt", "createdById", "documentId", "dueAt", "expectedAnnotations", "expectedReplies", "gradesReleasedAt", "gradingMode", "groupId", "id", "instructions", "latePenaltyPercent", "opensAt", "points", "position", "title", "updatedAt" FROM "Assignment";
DROP TABLE "Assignment";
ALTER TABLE "new_Assignment" RENAME TO "Assignment";
CREATE INDEX "Assignment_groupId_position_idx" ON "Assignment"("groupId", "position");
CREATE INDEX "Assignment_documentId_idx" ON "Assignment"("documentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


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
    "readerView" TEXT NOT NULL DEFAULT 'groups',
    "textSize" INTEGER NOT NULL DEFAULT 100,
    "lineSpacing" TEXT NOT NULL DEFAULT 'normal',
    "theme" TEXT NOT NULL DEFAULT 'system',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReaderPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ReaderPreference" ("colorLabels", "lastColor", "lastVisibility", "liveUpdates", "readerView", "shortcuts", "updatedAt", "userId") SELECT "colorLabels", "lastColor", "lastVisibility", "liveUpdates", "readerView", "shortcuts", "updatedAt", "userId" FROM "ReaderPreference";
DROP TABLE "ReaderPreference";
ALTER TABLE "new_ReaderPreference" RENAME TO "ReaderPreference";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


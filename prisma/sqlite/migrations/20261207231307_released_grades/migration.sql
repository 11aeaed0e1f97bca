-- Each student's grade as it stood at the last release of an assignment's grades (server/assignments/release-grades.ts):
-- the staff see which grades have moved since. Assignments released before this migration have none until released again.
-- CreateTable
CREATE TABLE "ReleasedGrade" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "points" REAL NOT NULL,
    "releasedAt" DATETIME NOT NULL,

    PRIMARY KEY ("assignmentId", "userId"),
    CONSTRAINT "ReleasedGrade_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReleasedGrade_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ReleasedGrade_userId_idx" ON "ReleasedGrade"("userId");


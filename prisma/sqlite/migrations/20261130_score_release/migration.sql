-- Added columns rather than Prisma's usual table rebuild: other migrations of the same day
-- also change "Annotation" and "Group", and a rebuild would copy only the columns it knew of.

-- AlterTable
ALTER TABLE "Score" ADD COLUMN "releasedAt" DATETIME;

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "feedbackOnId" TEXT REFERENCES "Annotation" ("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Group" ADD COLUMN "scoreRelease" TEXT NOT NULL DEFAULT 'manual';

-- Feedback given before it could be about a reply was about its thread.
UPDATE "Annotation" SET "feedbackOnId" = "parentId" WHERE "isFeedback" = true;

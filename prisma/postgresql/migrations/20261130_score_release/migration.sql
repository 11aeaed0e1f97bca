-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "feedbackOnId" TEXT;

-- AlterTable
ALTER TABLE "Score" ADD COLUMN     "releasedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "scoreRelease" TEXT NOT NULL DEFAULT 'manual';

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_feedbackOnId_fkey" FOREIGN KEY ("feedbackOnId") REFERENCES "Annotation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Feedback given before it could be about a reply was about its thread.
UPDATE "Annotation" SET "feedbackOnId" = "parentId" WHERE "isFeedback" = true;

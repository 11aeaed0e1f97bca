-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "sharedAt" DATETIME;


-- What was in a group until now was handed in when it was made (no moves were recorded).
UPDATE "Annotation" SET "sharedAt" = "createdAt" WHERE "groupId" IS NOT NULL;

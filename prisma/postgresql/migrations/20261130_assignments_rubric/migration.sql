-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "rubricPercent" INTEGER NOT NULL DEFAULT 0;


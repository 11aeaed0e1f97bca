-- AlterTable
ALTER TABLE "Document" ADD COLUMN "publishedAt" DATETIME;
ALTER TABLE "Document" ADD COLUMN "sourceUrl" TEXT;


-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "sourceUrl" TEXT;


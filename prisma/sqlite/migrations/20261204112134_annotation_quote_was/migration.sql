-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "quoteWas" TEXT;


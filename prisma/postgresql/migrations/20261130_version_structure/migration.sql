-- AlterTable
ALTER TABLE "DocumentVersion" ADD COLUMN     "structure" TEXT;


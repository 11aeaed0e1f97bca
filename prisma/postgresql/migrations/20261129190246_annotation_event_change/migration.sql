-- AlterTable
ALTER TABLE "AnnotationEvent" ADD COLUMN     "change" TEXT,
ADD COLUMN     "clientToken" TEXT;


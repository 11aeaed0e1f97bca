-- AlterTable
ALTER TABLE "AnnotationEvent" ADD COLUMN "change" TEXT;
ALTER TABLE "AnnotationEvent" ADD COLUMN "clientToken" TEXT;


-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "timeZone" TEXT;


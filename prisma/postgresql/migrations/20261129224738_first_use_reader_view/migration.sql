-- AlterTable
ALTER TABLE "ReaderPreference" ADD COLUMN     "readerView" TEXT NOT NULL DEFAULT 'groups';


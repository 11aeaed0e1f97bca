-- AlterTable
ALTER TABLE "ReaderPreference" ADD COLUMN     "lineSpacing" TEXT NOT NULL DEFAULT 'normal',
ADD COLUMN     "textSize" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "theme" TEXT NOT NULL DEFAULT 'system';


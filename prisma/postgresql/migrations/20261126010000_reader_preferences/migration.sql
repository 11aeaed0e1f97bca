-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "clientToken" TEXT;

-- CreateTable
CREATE TABLE "ReaderPreference" (
    "userId" TEXT NOT NULL,
    "colorLabels" TEXT NOT NULL DEFAULT '{}',
    "shortcuts" TEXT NOT NULL DEFAULT '{}',
    "lastColor" TEXT NOT NULL DEFAULT 'yellow',
    "lastVisibility" TEXT NOT NULL DEFAULT 'private',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReaderPreference_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Annotation_clientToken_key" ON "Annotation"("clientToken");

-- AddForeignKey
ALTER TABLE "ReaderPreference" ADD CONSTRAINT "ReaderPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


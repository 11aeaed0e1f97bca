-- AlterTable
ALTER TABLE "Group" ALTER COLUMN "joinCode" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Invite" ADD COLUMN     "maxUses" INTEGER,
ADD COLUMN     "useCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "GroupRemoval" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "removedById" TEXT NOT NULL,
    "removedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupRemoval_pkey" PRIMARY KEY ("groupId","userId")
);

-- AddForeignKey
ALTER TABLE "GroupRemoval" ADD CONSTRAINT "GroupRemoval_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;


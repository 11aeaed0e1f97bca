-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "assignmentId" TEXT,
ALTER COLUMN "annotationId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Notification_assignmentId_idx" ON "Notification"("assignmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_userId_kind_assignmentId_key" ON "Notification"("userId", "kind", "assignmentId");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;


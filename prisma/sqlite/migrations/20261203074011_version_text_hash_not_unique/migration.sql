-- DropIndex
DROP INDEX "DocumentVersion_documentId_textHash_key";

-- CreateIndex
CREATE INDEX "DocumentVersion_documentId_textHash_idx" ON "DocumentVersion"("documentId", "textHash");


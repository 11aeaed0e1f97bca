-- Foreign keys a bulk delete cascades through (a reading's notes, its versions): without an index,
-- every note deleted scanned the whole Annotation table (server/db/cascade-indexes.test.ts).
-- CreateIndex
CREATE INDEX "Annotation_feedbackOnId_idx" ON "Annotation"("feedbackOnId");

-- CreateIndex
CREATE INDEX "Annotation_versionId_idx" ON "Annotation"("versionId");


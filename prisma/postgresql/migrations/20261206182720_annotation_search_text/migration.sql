-- What a search reads of each note, folded (server/outbox/search-text.ts). Null until written:
-- the app writes it with every change, and `npm start` fills in older rows (scripts/db/backfill-search-text.ts).
-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "searchText" TEXT;


-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "superseded_by" JSONB;


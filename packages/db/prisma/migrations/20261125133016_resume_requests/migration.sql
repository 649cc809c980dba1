-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "resume_requested_at" TIMESTAMPTZ(3);


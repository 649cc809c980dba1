-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "resume_request" JSONB,
ADD COLUMN     "retelling" JSONB,
ADD COLUMN     "retold_from_run_id" TEXT;

-- AlterTable
ALTER TABLE "step_runs" ADD COLUMN     "removed_at" TIMESTAMPTZ(3),
ADD COLUMN     "reused_from_run_id" TEXT,
ADD COLUMN     "skip_reason" TEXT;

-- CreateIndex
CREATE INDEX "runs_retold_from_run_id_idx" ON "runs"("retold_from_run_id");


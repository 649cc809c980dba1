-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "outputs" JSONB,
ADD COLUMN     "parent_run_id" TEXT,
ADD COLUMN     "parent_step_id" TEXT;

-- CreateIndex
CREATE INDEX "runs_parent_run_id_parent_step_id_idx" ON "runs"("parent_run_id", "parent_step_id");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_parent_run_id_fkey" FOREIGN KEY ("parent_run_id") REFERENCES "runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;


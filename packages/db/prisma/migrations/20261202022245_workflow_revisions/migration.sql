-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "revision_id" TEXT;

-- CreateTable
CREATE TABLE "workflow_revisions" (
    "id" TEXT NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "workspace_dir" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "yaml" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "message" TEXT,

    CONSTRAINT "workflow_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "workflow_revisions_workspace_dir_workflow_name_created_at_idx" ON "workflow_revisions"("workspace_dir", "workflow_name", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "workflow_revisions_workspace_dir_workflow_name_hash_key" ON "workflow_revisions"("workspace_dir", "workflow_name", "hash");

-- CreateIndex
CREATE INDEX "runs_revision_id_idx" ON "runs"("revision_id");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_revision_id_fkey" FOREIGN KEY ("revision_id") REFERENCES "workflow_revisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;


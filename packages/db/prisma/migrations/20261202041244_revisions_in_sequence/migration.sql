-- DropIndex
DROP INDEX "workflow_revisions_workspace_dir_workflow_name_hash_key";

-- CreateIndex
CREATE INDEX "workflow_revisions_workspace_dir_workflow_name_hash_idx" ON "workflow_revisions"("workspace_dir", "workflow_name", "hash");


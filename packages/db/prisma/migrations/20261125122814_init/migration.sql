-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "runs" (
    "id" TEXT NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "workflow_file" TEXT,
    "workspace_dir" TEXT NOT NULL,
    "definition_yaml" TEXT NOT NULL,
    "definition_hash" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "inputs" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL,
    "triggered_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "cancel_requested_at" TIMESTAMPTZ(3),
    "resume_count" INTEGER NOT NULL DEFAULT 0,
    "last_seq" INTEGER NOT NULL DEFAULT 0,
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "step_runs" (
    "run_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "universe" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "beat" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "outputs" JSONB,
    "last_failure" JSONB,

    CONSTRAINT "step_runs_pkey" PRIMARY KEY ("run_id","step_id")
);

-- CreateTable
CREATE TABLE "attempts" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "exit_code" INTEGER,
    "failure" JSONB,
    "runner_id" TEXT,

    CONSTRAINT "attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "run_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "step_id" TEXT,
    "attempt" INTEGER,
    "story_kind" TEXT NOT NULL,
    "story_text" TEXT NOT NULL,
    "data" JSONB,

    CONSTRAINT "events_pkey" PRIMARY KEY ("run_id","seq")
);

-- CreateTable
CREATE TABLE "log_chunks" (
    "id" BIGSERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "stream" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "log_chunks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "runs_created_at_idx" ON "runs"("created_at" DESC);

-- CreateIndex
CREATE INDEX "runs_workflow_name_idx" ON "runs"("workflow_name");

-- CreateIndex
CREATE INDEX "runs_status_idx" ON "runs"("status");

-- CreateIndex
CREATE UNIQUE INDEX "attempts_run_id_step_id_number_key" ON "attempts"("run_id", "step_id", "number");

-- CreateIndex
CREATE INDEX "log_chunks_run_id_step_id_attempt_id_idx" ON "log_chunks"("run_id", "step_id", "attempt", "id");

-- AddForeignKey
ALTER TABLE "step_runs" ADD CONSTRAINT "step_runs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_run_id_step_id_fkey" FOREIGN KEY ("run_id", "step_id") REFERENCES "step_runs"("run_id", "step_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "log_chunks" ADD CONSTRAINT "log_chunks_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;


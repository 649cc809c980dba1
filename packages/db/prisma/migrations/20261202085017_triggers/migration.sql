-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "concurrency_group" TEXT,
ADD COLUMN     "event" JSONB,
ADD COLUMN     "queued_reason" TEXT,
ADD COLUMN     "runs_on" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "trigger_deliveries" (
    "id" TEXT NOT NULL,
    "workspace_dir" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "workflow_name" TEXT,
    "event_kind" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "payload_json" JSONB,
    "payload_text" TEXT,
    "verdict" TEXT NOT NULL,
    "reason" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "redelivery_of" TEXT,

    CONSTRAINT "trigger_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trigger_delivery_runs" (
    "delivery_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,

    CONSTRAINT "trigger_delivery_runs_pkey" PRIMARY KEY ("delivery_id","run_id")
);

-- CreateTable
CREATE TABLE "schedule_fires" (
    "workspace_dir" TEXT NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,
    "fire_time" TIMESTAMPTZ(3) NOT NULL,
    "claimed_by" TEXT,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedule_fires_pkey" PRIMARY KEY ("workspace_dir","workflow_name","schedule","fire_time")
);

-- CreateTable
CREATE TABLE "runners" (
    "id" TEXT NOT NULL,
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "current_runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "runners_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "trigger_deliveries_workspace_dir_received_at_idx" ON "trigger_deliveries"("workspace_dir", "received_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "trigger_deliveries_workspace_dir_source_delivery_id_key" ON "trigger_deliveries"("workspace_dir", "source", "delivery_id");

-- CreateIndex
CREATE INDEX "trigger_delivery_runs_run_id_idx" ON "trigger_delivery_runs"("run_id");

-- CreateIndex
CREATE INDEX "runs_concurrency_group_idx" ON "runs"("concurrency_group");

-- AddForeignKey
ALTER TABLE "trigger_delivery_runs" ADD CONSTRAINT "trigger_delivery_runs_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "trigger_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trigger_delivery_runs" ADD CONSTRAINT "trigger_delivery_runs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;


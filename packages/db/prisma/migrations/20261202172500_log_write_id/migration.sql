-- A chunk records the write that stored it, so a retried write (its reply lost) stores
-- nothing twice (see step-logs.ts). Chunks written before have none.

-- AlterTable
ALTER TABLE "log_chunks" ADD COLUMN     "write_id" UUID;

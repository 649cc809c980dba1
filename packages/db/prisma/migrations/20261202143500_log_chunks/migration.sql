-- A log row now holds a chunk of lines (see step-logs.ts). Rows written before are chunks of
-- one line (or of as many as the newlines in them make), numbered per attempt in the order
-- they were written.

-- AlterTable
ALTER TABLE "log_chunks" ADD COLUMN     "bytes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "first_line" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "line_count" INTEGER NOT NULL DEFAULT 1;

UPDATE "log_chunks"
SET "bytes" = octet_length("text") + 1,
    "line_count" = 1 + length("text") - length(replace("text", E'\n', ''));

UPDATE "log_chunks" AS c
SET "first_line" = s."first_line"
FROM (
  SELECT "id", (coalesce(sum("line_count") OVER (PARTITION BY "run_id", "step_id", "attempt" ORDER BY "id" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))::INTEGER AS "first_line"
  FROM "log_chunks"
) AS s
WHERE s."id" = c."id" AND s."first_line" <> 0;

ALTER TABLE "log_chunks" ALTER COLUMN "bytes" DROP DEFAULT,
ALTER COLUMN "first_line" DROP DEFAULT,
ALTER COLUMN "line_count" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "log_chunks_run_id_step_id_attempt_first_line_idx" ON "log_chunks"("run_id", "step_id", "attempt", "first_line");

-- A run started with --no-cache runs its cached steps anyway (issue 15's step cache).

-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "no_cache" BOOLEAN NOT NULL DEFAULT false;

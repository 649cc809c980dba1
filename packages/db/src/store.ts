import { ApiTokens } from './api-tokens.ts';
import { Artifacts } from './artifacts.ts';
import { AuditLog } from './audit-log.ts';
import { Decisions } from './decisions.ts';
import { Deliveries } from './deliveries.ts';
import { EventLog } from './event-log.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { Leases } from './leases.ts';
import { Queue } from './queue.ts';
import { Revisions } from './revisions.ts';
import { Runners } from './runners.ts';
import { Runs } from './runs.ts';
import { ScheduleFires } from './schedule-fires.ts';
import { Secrets } from './secrets.ts';
import type { SqlQuery } from './sql-executor.ts';
import { StepLogs } from './step-logs.ts';
import { Users } from './users.ts';

/** Everything Arcflow persists, one object per aggregate, over one Prisma client. */
export interface Store {
  runs: Runs;
  events: EventLog;
  logs: StepLogs;
  leases: Leases;
  /** Read-only views of the queue: why runs wait, what `cancel_in_progress` replaces. */
  queue: Queue;
  decisions: Decisions;
  revisions: Revisions;
  users: Users;
  apiTokens: ApiTokens;
  audit: AuditLog;
  secrets: Secrets;
  deliveries: Deliveries;
  scheduleFires: ScheduleFires;
  runners: Runners;
  artifacts: Artifacts;
}

/**
 * The stores over `prisma` (an opened `Database`'s client). They hold no state of their own.
 * `sql`, the same database without Prisma (`Database.sql`), carries a tick's commit when
 * given: Prisma compiles every statement anew, a fifth of a noop step's CPU.
 */
export function createStore(prisma: PrismaClient, sql?: SqlQuery): Store {
  return {
    runs: new Runs(prisma),
    events: new EventLog(prisma, sql ?? prismaQuery(prisma)),
    logs: new StepLogs(prisma),
    leases: new Leases(prisma),
    queue: new Queue(prisma),
    decisions: new Decisions(prisma),
    revisions: new Revisions(prisma),
    users: new Users(prisma),
    apiTokens: new ApiTokens(prisma),
    audit: new AuditLog(prisma),
    secrets: new Secrets(prisma),
    deliveries: new Deliveries(prisma),
    scheduleFires: new ScheduleFires(prisma),
    runners: new Runners(prisma),
    artifacts: new Artifacts(prisma),
  };
}

/** `SqlQuery` through Prisma's raw queries, for a store made from a bare client. */
function prismaQuery(prisma: PrismaClient): SqlQuery {
  return {
    query: <Row>(text: string, params: unknown[] = []) =>
      prisma.$queryRawUnsafe<Row[]>(text, ...params),
  };
}

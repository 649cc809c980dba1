import { ApiTokens } from './api-tokens.ts';
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
}

/** The stores over `prisma` (an opened `Database`'s client). They hold no state of their own. */
export function createStore(prisma: PrismaClient): Store {
  return {
    runs: new Runs(prisma),
    events: new EventLog(prisma),
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
  };
}

import type { AppRouter } from '@arcflow/runner';
import type { inferRouterOutputs } from '@trpc/server';

/** `workflows.triggers`: the saved workflow's `on:`, schedules with next fire times, concurrency, runs_on. */
export type WorkflowTriggersResult = inferRouterOutputs<AppRouter>['workflows']['triggers'];
export type WorkflowTriggers = NonNullable<WorkflowTriggersResult['triggers']>;
export type ScheduleSummary = WorkflowTriggers['schedules'][number];

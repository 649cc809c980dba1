import type { RunStatus, StepStatus } from './api-types';

/** The states a run does not leave on its own (only resume restarts failed/canceled). */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'canceled'];

export function isFinal(status: RunStatus): boolean {
  return FINAL_RUN_STATUSES.includes(status);
}

export function isResumable(status: RunStatus): boolean {
  return status === 'failed' || status === 'canceled';
}

export function isActive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running' || status === 'waiting';
}

export type AnyStatus = RunStatus | StepStatus;

export const STATUS_LABEL: Record<AnyStatus, string> = {
  queued: 'Queued',
  pending: 'Pending',
  running: 'Running',
  waiting: 'Waiting',
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
  canceled: 'Canceled',
};

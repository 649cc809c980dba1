import type {
  ApprovalDecision,
  ApprovalOutcome,
  ApprovalRequest,
  SchedulerInput,
} from '@arcflow/engine';

export interface StoredDecision {
  id: bigint;
  decision: 'approve' | 'reject';
  by: string;
  comment: string | null;
  at: Date;
}

export interface ApprovalWait {
  stepId: string;
  attempt: number;
  request: ApprovalRequest;
  signal: AbortSignal;
  /** Decisions recorded for this step attempt after `afterId`, oldest first. */
  poll(afterId: bigint): Promise<StoredDecision[]>;
  /** Feeds the scheduler (`step-waiting`, `step-decision`). */
  emit(input: SchedulerInput): void;
  now(): Date;
  pollMs?: number;
}

/**
 * Waits for people to decide on a ceremony step: marks it waiting, tells the story of each
 * decision as it arrives, and resolves once enough distinct people approved, anyone
 * rejected, or the request's timeout passed. Rejects when the step is aborted.
 */
export async function awaitApproval(wait: ApprovalWait): Promise<ApprovalOutcome> {
  const { request, signal, stepId } = wait;
  wait.emit({
    type: 'step-waiting',
    stepId,
    at: wait.now(),
    prompt: request.prompt,
    minApprovals: request.minApprovals,
  });
  const deadline =
    request.timeoutMs === undefined ? undefined : wait.now().getTime() + request.timeoutMs;
  const decisions: ApprovalDecision[] = [];
  const approvers = new Set<string>();
  let afterId = 0n;
  for (;;) {
    if (signal.aborted) throw new Error(`approval wait for ${stepId} aborted`);
    for (const stored of await wait.poll(afterId)) {
      afterId = stored.id;
      const decision: ApprovalDecision = {
        decision: stored.decision,
        by: stored.by,
        at: stored.at,
        ...(stored.comment ? { comment: stored.comment } : {}),
      };
      decisions.push(decision);
      wait.emit({ type: 'step-decision', stepId, ...decision });
      if (decision.decision === 'reject') return { status: 'rejected', decisions };
      approvers.add(decision.by);
      if (approvers.size >= request.minApprovals) return { status: 'approved', decisions };
    }
    if (deadline !== undefined && wait.now().getTime() >= deadline)
      return { status: 'timed-out', decisions };
    await sleep(wait.pollMs ?? 300, signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

import {
  type ApprovalDecision,
  type ApprovalOutcome,
  type ApprovalRequest,
  canDecide,
  type Decider,
  type SchedulerInput,
} from '@arcflow/engine';

export interface StoredDecision {
  id: bigint;
  decision: 'approve' | 'reject';
  /** Display name of whoever decided. */
  by: string;
  /** The signed-in user who decided; null for the local person. */
  userId: string | null;
  /** That user as they are now (username, role); undefined when there is no such user any more. */
  decider?: Decider;
  comment: string | null;
  at: Date;
}

/** The run-wide rules a decision is checked against, besides the step's `approvers`. */
export interface RunApprovalRules {
  /** False when the workflow waives the four-eyes rule. */
  fourEyes: boolean;
  /** Who started the run (signed-in user id); null when started locally. */
  startedByUserId: string | null;
  /**
   * On a team runner, decisions without a user id (the local person, on the server's machine)
   * count as one person whatever name they carry: a name is not an identity.
   */
  localDecisionsCountOnce: boolean;
}

export interface ApprovalWait {
  stepId: string;
  attempt: number;
  request: ApprovalRequest;
  rules: RunApprovalRules;
  signal: AbortSignal;
  /** Decisions recorded for this step attempt after `afterId`, oldest first. */
  poll(afterId: bigint): Promise<StoredDecision[]>;
  /** Feeds the scheduler (`step-waiting`, `step-decision`). */
  emit(input: SchedulerInput): void;
  /** A recorded decision that does not hold under the rules now, and is not counted. */
  ignored(decision: StoredDecision, reason: string): void;
  now(): Date;
  /**
   * Calls `wake` when a decision may have been recorded (a notification); the wait then
   * reads at once, and otherwise only every `pollMs` (default 5 s with it, 300 ms without).
   */
  decisionsChanged?: (wake: () => void) => () => void;
  pollMs?: number;
}

/**
 * Waits for people to decide on a ceremony step: marks it waiting, tells the story of each
 * decision as it arrives, and resolves once enough distinct people approved, anyone
 * rejected, or the request's timeout passed. Rejects when the step is aborted.
 *
 * The run service already refused whoever may not decide; each decision is checked again
 * here (the person may have lost their role since, or a row was written around the
 * service). A decision by the local person (no user: local mode, or the CLI on this
 * machine) cannot be checked; the story says so when the step names its approvers.
 */
export async function awaitApproval(wait: ApprovalWait): Promise<ApprovalOutcome> {
  const { request, signal, stepId } = wait;
  wait.emit({
    type: 'step-waiting',
    stepId,
    at: wait.now(),
    prompt: request.prompt,
    approvers: request.approvers,
    requiredApprovals: request.requiredApprovals,
    fourEyes: wait.rules.fourEyes,
  });
  const deadline =
    request.timeoutMs === undefined ? undefined : wait.now().getTime() + request.timeoutMs;
  const decisions: ApprovalDecision[] = [];
  const approvers = new Set<string>();
  let afterId = 0n;
  // A notification between two reads is remembered, so the next wait ends at once.
  let woken = false;
  let wakeSleep: (() => void) | undefined;
  const unsubscribe = wait.decisionsChanged?.(() => {
    woken = true;
    wakeSleep?.();
  });
  const pollMs = wait.pollMs ?? (wait.decisionsChanged ? 5000 : 300);
  try {
    for (;;) {
      if (signal.aborted) throw new Error(`approval wait for ${stepId} aborted`);
      for (const stored of await wait.poll(afterId)) {
        afterId = stored.id;
        const refusal = refusalOf(stored, request, wait.rules);
        if (refusal !== undefined) {
          wait.ignored(stored, refusal);
          continue;
        }
        const decision: ApprovalDecision = {
          decision: stored.decision,
          by: stored.by,
          at: stored.at,
          ...(stored.decider ? { username: stored.decider.username } : {}),
          ...(stored.comment ? { comment: stored.comment } : {}),
        };
        decisions.push(decision);
        const unchecked = stored.userId === null && request.approvers.length > 0;
        wait.emit({
          type: 'step-decision',
          stepId,
          ...decision,
          ...(unchecked ? { unchecked } : {}),
        });
        if (decision.decision === 'reject') return { status: 'rejected', decisions };
        // names are not identities: a signed-in person is counted by user id
        approvers.add(personKey(stored, wait.rules));
        if (approvers.size >= request.requiredApprovals) return { status: 'approved', decisions };
      }
      if (deadline !== undefined && wait.now().getTime() >= deadline)
        return { status: 'timed-out', decisions };
      const untilDeadline = deadline === undefined ? pollMs : deadline - wait.now().getTime();
      if (!woken) {
        await sleep(Math.max(0, Math.min(pollMs, untilDeadline)), signal, (wake) => {
          wakeSleep = wake;
        });
      }
      woken = false;
      wakeSleep = undefined;
    }
  } finally {
    unsubscribe?.();
  }
}

/** Why a recorded decision does not count, or undefined when it does. */
/** Who a decision counts as, for `required_approvals`. */
function personKey(stored: StoredDecision, rules: RunApprovalRules): string {
  if (stored.userId !== null) return `user:${stored.userId}`;
  return rules.localDecisionsCountOnce ? 'local' : `name:${stored.by}`;
}

function refusalOf(
  stored: StoredDecision,
  request: ApprovalRequest,
  rules: RunApprovalRules,
): string | undefined {
  if (stored.userId === null) return undefined;
  if (!stored.decider) return `${stored.by} is no longer a user who may decide`;
  const verdict = canDecide({ approvers: request.approvers, ...rules }, stored.decider);
  return verdict.ok ? undefined : verdict.reason;
}

/** Waits `ms`, or until aborted or woken through the function handed to `onWake`. */
function sleep(ms: number, signal: AbortSignal, onWake: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
    onWake(done);
  });
}

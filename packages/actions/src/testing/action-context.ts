import type { ActionContext, ApprovalOutcome, ApprovalRequest, LogStream } from '@arcflow/engine';
import { TEST_HOME, TEST_PATH } from './env.ts';

export interface TestActionContext<Input> {
  ctx: ActionContext<Input>;
  /** Everything the action logged, in order. */
  lines: Array<[LogStream, string]>;
  /** The approval requests the action made. */
  approvals: ApprovalRequest[];
}

/**
 * An action context for unit tests of actions: a real abort signal, logs collected in
 * memory, and approvals answered by `answerApproval` (default: approved by "tester").
 */
export function testActionContext<Input>(
  input: Input,
  overrides: Partial<ActionContext<Input>> & {
    answerApproval?: (request: ApprovalRequest) => Promise<ApprovalOutcome>;
  } = {},
): TestActionContext<Input> {
  const lines: Array<[LogStream, string]> = [];
  const approvals: ApprovalRequest[] = [];
  const { answerApproval, ...rest } = overrides;
  const ctx: ActionContext<Input> = {
    input,
    workspaceDir: process.cwd(),
    env: { PATH: TEST_PATH, HOME: TEST_HOME },
    signal: new AbortController().signal,
    log: (stream, text) => lines.push([stream, text]),
    stepId: 'step',
    attempt: 1,
    runId: 'rtest0000',
    // As if the run began before the test wrote anything: every change counts as the run's.
    runStartedAt: new Date(0),
    requestApproval: async (request) => {
      approvals.push(request);
      if (answerApproval) return answerApproval(request);
      return {
        status: 'approved',
        decisions: [{ decision: 'approve', by: 'tester', at: new Date() }],
      };
    },
    ...rest,
  };
  return { ctx, lines, approvals };
}

import type { ApprovalDecision } from '@arcflow/engine';
import { parseDuration, requestReviewSpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';

/** Who a decision is from: the username of a signed-in person, else the name given. */
const person = (d: ApprovalDecision) =>
  d.username === undefined ? `name:${d.by}` : `user:${d.username}`;
const quoted = (d: ApprovalDecision) => (d.comment ? `: “${d.comment}”` : '');
const names = (decisions: ApprovalDecision[]) =>
  decisions.map((d) => `${d.by}${quoted(d)}`).join('; ');

/**
 * A ceremony: the step waits for people to approve or reject it — in the UI or with
 * `arcflow approve|reject <runId> <stepId>` — and their names and comments join the story.
 */
export const requestReviewAction = defineAction(requestReviewSpec, async (ctx) => {
  const { input } = ctx;
  const prompt = input.prompt ?? `Approve ${ctx.stepId}?`;
  const outcome = await ctx.requestApproval({
    prompt,
    approvers: input.approvers,
    requiredApprovals: input.required_approvals,
    timeoutMs: input.timeout === undefined ? undefined : parseDuration(input.timeout),
  });
  // one person approving twice still counts once
  const approvals = outcome.decisions.filter(
    (d, i, all) =>
      d.decision === 'approve' &&
      all.findIndex((o) => o.decision === 'approve' && person(o) === person(d)) === i,
  );
  const details = { decisions: outcome.decisions.map((d) => ({ ...d, at: d.at.toISOString() })) };
  switch (outcome.status) {
    case 'approved':
      return {
        outputs: {
          approved_by: approvals.map((d) => d.by),
          approved_by_users: approvals.flatMap((d) =>
            d.username === undefined ? [] : [d.username],
          ),
          comments: outcome.decisions
            .filter((d) => d.comment)
            .map((d) => `${d.by}: ${d.comment}`)
            .join('\n'),
          decisions: details.decisions,
        },
        summary: `approved by ${names(approvals)}`,
      };
    case 'rejected': {
      const rejection = outcome.decisions.find((d) => d.decision === 'reject')!;
      throw new StepFailure({
        reason: 'error',
        message: `rejected by ${rejection.by}${rejection.comment ? `: ${rejection.comment}` : ''}`,
        summary: `rejected by ${rejection.by}${quoted(rejection)}`,
        retriable: false,
        details,
      });
    }
    case 'timed-out':
      throw new StepFailure({
        reason: 'timeout',
        message: `no decision within ${input.timeout}: ${approvals.length} of ${input.required_approvals} approvals`,
        summary: `the review ran out of time with ${approvals.length} of ${input.required_approvals} approvals`,
        retriable: false,
        details,
      });
    default: {
      const unknown: never = outcome.status;
      throw new Error(`unknown approval outcome ${String(unknown)}`);
    }
  }
});

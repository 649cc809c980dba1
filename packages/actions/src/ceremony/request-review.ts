import { z } from 'zod';
import { parseDuration } from '../../definition/duration.ts';
import { StepFailure } from '../../errors.ts';
import type { Action, ApprovalDecision } from '../types.ts';

export const requestReviewInput = z
  .object({
    prompt: z
      .string()
      .min(1)
      .optional()
      .describe(
        'What the reviewers are asked, e.g. "Is feature/login ready to merge?". Default: "Approve <step>?"',
      ),
    min_approvals: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(1)
      .describe('How many different people must approve. One rejection ends the review.'),
    timeout: z
      .union([z.string(), z.number()])
      .optional()
      .refine((value) => value === undefined || parseDuration(value) !== undefined, {
        message: 'expected a duration such as "30m", "2d" or a number of seconds',
      })
      .describe(
        'Give up waiting after this long (e.g. "2h", "3d"); the step then fails. Default: wait until decided.',
      ),
  })
  .strict();

const quoted = (d: ApprovalDecision) => (d.comment ? `: “${d.comment}”` : '');
const names = (decisions: ApprovalDecision[]) =>
  decisions.map((d) => `${d.by}${quoted(d)}`).join('; ');

/**
 * A ceremony: the step waits for people to approve or reject it — in the UI or with
 * `arcflow approve|reject <runId> <stepId>` — and their names and comments join the story.
 */
export const requestReviewAction: Action<typeof requestReviewInput> = {
  name: 'request-review',
  description:
    'Waits for people to approve or reject (UI or `arcflow approve|reject`); needs `min_approvals` different approvers, one rejection fails the step.',
  input: requestReviewInput,
  outputs: {
    approved_by: 'The names of the people who approved, in order.',
    comments: 'Every comment left, as "name: comment" lines.',
    decisions: 'Every decision: { by, decision, comment, at }.',
  },
  async run(ctx) {
    const { input } = ctx;
    const prompt = input.prompt ?? `Approve ${ctx.stepId}?`;
    const outcome = await ctx.requestApproval({
      prompt,
      minApprovals: input.min_approvals,
      timeoutMs: input.timeout === undefined ? undefined : parseDuration(input.timeout),
    });
    // one person approving twice still counts once
    const approvals = outcome.decisions.filter(
      (d, i, all) =>
        d.decision === 'approve' &&
        all.findIndex((o) => o.decision === 'approve' && o.by === d.by) === i,
    );
    const details = { decisions: outcome.decisions.map((d) => ({ ...d, at: d.at.toISOString() })) };
    switch (outcome.status) {
      case 'approved':
        return {
          outputs: {
            approved_by: approvals.map((d) => d.by),
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
          message: `no decision within ${input.timeout}: ${approvals.length} of ${input.min_approvals} approvals`,
          summary: `the review ran out of time with ${approvals.length} of ${input.min_approvals} approvals`,
          retriable: false,
          details,
        });
      default: {
        const unknown: never = outcome.status;
        throw new Error(`unknown approval outcome ${String(unknown)}`);
      }
    }
  },
};

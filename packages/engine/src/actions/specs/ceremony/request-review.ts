import { z } from 'zod';
import { parseDuration } from '../../../definition/duration.ts';
import type { ActionSpec } from '../../types.ts';

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

export type RequestReviewInput = z.output<typeof requestReviewInput>;

export const requestReviewSpec: ActionSpec<typeof requestReviewInput> = {
  name: 'request-review',
  description:
    'Waits for people to approve or reject (UI or `arcflow approve|reject`); needs `min_approvals` different approvers, one rejection fails the step.',
  input: requestReviewInput,
  outputs: {
    approved_by: 'The names of the people who approved, in order.',
    comments: 'Every comment left, as "name: comment" lines.',
    decisions: 'Every decision: { by, decision, comment, at }.',
  },
};

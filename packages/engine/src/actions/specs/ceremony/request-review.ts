import { z } from 'zod';
import { approverEntryProblem, parseApprovers } from '../../../approvals/approvers.ts';
import { parseDuration } from '../../../definition/duration.ts';
import type { ActionSpec } from '../../types.ts';

const approvalCount = z.number().int().min(1).max(100);

export const requestReviewInput = z
  .object({
    prompt: z
      .string()
      .min(1)
      .optional()
      .describe(
        'What the reviewers are asked, e.g. "Is feature/login ready to merge?". Default: "Approve <step>?"',
      ),
    approvers: z
      .array(z.string())
      .max(100)
      .default([])
      .describe(
        'Who may decide: usernames (alice) and roles (role:approver, role:admin). Everyone still needs the approver role; empty or left out: anyone with it.',
      ),
    required_approvals: approvalCount
      .optional()
      .describe(
        'How many different people must approve (default 1). One rejection ends the review.',
      ),
    min_approvals: approvalCount.optional().describe('The former name of required_approvals.'),
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
  .strict()
  .superRefine((input, ctx) => {
    input.approvers.forEach((entry, i) => {
      const problem = approverEntryProblem(entry);
      if (problem)
        ctx.addIssue({ code: 'custom', path: ['approvers', i], input: entry, message: problem });
    });
    if (input.required_approvals !== undefined && input.min_approvals !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['min_approvals'],
        input: input.min_approvals,
        message: 'give either required_approvals or min_approvals (its former name), not both',
      });
      return;
    }
    const required = input.required_approvals ?? input.min_approvals ?? 1;
    const entries = input.approvers.every((e) => approverEntryProblem(e) === undefined)
      ? parseApprovers(input.approvers)
      : [];
    const people = new Set(entries.flatMap((e) => (e.kind === 'user' ? [e.username] : [])));
    if (entries.length > 0 && entries.length === people.size && required > people.size) {
      const field = input.required_approvals === undefined ? 'min_approvals' : 'required_approvals';
      ctx.addIssue({
        code: 'custom',
        path: [field],
        input: required,
        message: `${required} approvals are required but approvers names only ${people.size} ${people.size === 1 ? 'person' : 'people'}; lower it or add people (or a role such as role:approver)`,
      });
    }
  })
  .transform(({ min_approvals, required_approvals, ...rest }) => ({
    ...rest,
    required_approvals: required_approvals ?? min_approvals ?? 1,
  }));

export type RequestReviewInput = z.output<typeof requestReviewInput>;

export const requestReviewSpec: ActionSpec<typeof requestReviewInput> = {
  name: 'request-review',
  description:
    'Waits for people to approve or reject (UI or `arcflow approve|reject`); needs `required_approvals` different people among `approvers`, one rejection fails the step.',
  input: requestReviewInput,
  // Who may approve is settled before the run starts, never by what a step printed.
  staticInputs: ['approvers', 'required_approvals', 'min_approvals'],
  outputs: {
    approved_by: 'The display names of the people who approved, in order.',
    approved_by_users: 'The usernames of the signed-in people who approved, in order.',
    comments: 'Every comment left, as "name: comment" lines.',
    decisions: 'Every decision: { by, decision, comment, at }.',
  },
};

import { requestReviewSpec, StepFailure } from '@arcflow/engine';
import { describe, expect, it } from 'vitest';
import { testActionContext } from '../testing/action-context.ts';
import { requestReviewAction } from './request-review.ts';

const at = new Date('2026-11-25T10:00:00Z');

describe('request-review', () => {
  it('asks for the configured approvals and tells who approved', async () => {
    const input = requestReviewSpec.input.parse({
      prompt: 'Ship v2?',
      min_approvals: 2,
      timeout: '2h',
    });
    const { ctx, approvals } = testActionContext(input, {
      stepId: 'review',
      answerApproval: async () => ({
        status: 'approved',
        decisions: [
          { decision: 'approve', by: 'ana', comment: 'ship it', at },
          { decision: 'approve', by: 'ana', at },
          { decision: 'approve', by: 'bo', at },
        ],
      }),
    });
    const result = await requestReviewAction.run(ctx);
    expect(approvals).toEqual([
      { prompt: 'Ship v2?', approvers: [], requiredApprovals: 2, timeoutMs: 7_200_000 },
    ]);
    expect(result.outputs?.approved_by).toEqual(['ana', 'bo']);
    expect(result.outputs?.comments).toBe('ana: ship it');
    expect(result.summary).toBe('approved by ana: “ship it”; bo');
  });

  it('fails without retry when someone rejects, quoting them', async () => {
    const input = requestReviewSpec.input.parse({});
    const { ctx, approvals } = testActionContext(input, {
      stepId: 'review',
      answerApproval: async () => ({
        status: 'rejected',
        decisions: [{ decision: 'reject', by: 'cy', comment: 'needs tests', at }],
      }),
    });
    const error = await requestReviewAction.run(ctx).catch((e: unknown) => e);
    expect(approvals[0]).toMatchObject({ prompt: 'Approve review?', requiredApprovals: 1 });
    expect(error).toBeInstanceOf(StepFailure);
    expect((error as StepFailure).failure).toMatchObject({
      summary: 'rejected by cy: “needs tests”',
      retriable: false,
    });
  });

  it('fails with a timeout when nobody decides in time', async () => {
    const input = requestReviewSpec.input.parse({ timeout: 60, min_approvals: 2 });
    const { ctx } = testActionContext(input, {
      answerApproval: async () => ({
        status: 'timed-out',
        decisions: [{ decision: 'approve', by: 'ana', at }],
      }),
    });
    const error = (await requestReviewAction.run(ctx).catch((e: unknown) => e)) as StepFailure;
    expect(error.failure.reason).toBe('timeout');
    expect(error.failure.summary).toBe('the review ran out of time with 1 of 2 approvals');
  });

  it('passes who may approve, and tells signed-in approvers by display name and username', async () => {
    const input = requestReviewSpec.input.parse({
      approvers: ['alice', 'role:approver'],
      required_approvals: 2,
    });
    const { ctx, approvals } = testActionContext(input, {
      answerApproval: async () => ({
        status: 'approved',
        decisions: [
          { decision: 'approve', by: 'Alice Doe', username: 'alice', comment: 'LGTM', at },
          { decision: 'approve', by: 'Alice D.', username: 'alice', at },
          { decision: 'approve', by: 'Bob Roe', username: 'bob', at },
        ],
      }),
    });
    const result = await requestReviewAction.run(ctx);
    expect(approvals[0]).toMatchObject({
      approvers: ['alice', 'role:approver'],
      requiredApprovals: 2,
    });
    expect(result.outputs?.approved_by).toEqual(['Alice Doe', 'Bob Roe']);
    expect(result.outputs?.approved_by_users).toEqual(['alice', 'bob']);
  });

  it('rejects bad inputs', () => {
    expect(requestReviewSpec.input.safeParse({ min_approvals: 0 }).success).toBe(false);
    expect(requestReviewSpec.input.safeParse({ timeout: 'soon' }).success).toBe(false);
    expect(requestReviewSpec.input.safeParse({ reviewers: ['x'] }).success).toBe(false);
  });
});

import type { Decider, SchedulerInput } from '@arcflow/engine';
import { describe, expect, it } from 'vitest';
import { awaitApproval, type RunApprovalRules, type StoredDecision } from './await-approval.ts';

const at = new Date('2026-12-02T14:02:00Z');
const person = (userId: string, username: string, role: Decider['role'] = 'approver') => ({
  userId,
  by: `${username[0]!.toUpperCase()}${username.slice(1)}`,
  decider: { userId, username, role },
});

let nextId = 1n;
const approve = (from: Partial<StoredDecision>): StoredDecision => ({
  id: nextId++,
  decision: 'approve',
  by: 'someone',
  userId: null,
  comment: null,
  at,
  ...from,
});

/** Runs a wait over `decisions` (all recorded at once) and says what it told and ignored. */
async function wait(
  decisions: StoredDecision[],
  request: { approvers?: string[]; requiredApprovals?: number } = {},
  rules: RunApprovalRules = {
    fourEyes: true,
    startedByUserId: 'u-alice',
    localDecisionsCountOnce: false,
  },
) {
  const told: SchedulerInput[] = [];
  const ignored: string[] = [];
  let polled = false;
  const outcome = await awaitApproval({
    stepId: 'review',
    attempt: 1,
    request: {
      prompt: 'Ship?',
      approvers: request.approvers ?? [],
      requiredApprovals: request.requiredApprovals ?? 1,
      timeoutMs: 0,
    },
    rules,
    signal: new AbortController().signal,
    poll: async () => {
      if (polled) return [];
      polled = true;
      return decisions;
    },
    emit: (input) => told.push(input),
    ignored: (decision, reason) => ignored.push(`${decision.by}: ${reason}`),
    now: () => at,
    pollMs: 1,
  });
  return { outcome, told, ignored };
}

describe('awaitApproval', () => {
  it('does not count the starter’s own approval (defence in depth), nor a user who is gone', async () => {
    const { outcome, ignored } = await wait([
      approve(person('u-alice', 'alice')),
      approve({ userId: 'u-gone', by: 'Gone' }),
    ]);
    expect(outcome.status).toBe('timed-out');
    expect(ignored).toEqual([
      'Alice: you started this run; someone else must approve (four-eyes rule)',
      'Gone: Gone is no longer a user who may decide',
    ]);
  });

  it('counts people by user id: two names of one user are one approval', async () => {
    const bob = person('u-bob', 'bob');
    const { outcome } = await wait(
      [approve(bob), approve({ ...bob, by: 'Robert' }), approve(person('u-carol', 'carol'))],
      { requiredApprovals: 2 },
    );
    expect(outcome.status).toBe('approved');
    expect(outcome.decisions.map((d) => d.by)).toEqual(['Bob', 'Robert', 'Carol']);
  });

  it('re-checks approvers and the role the person has now', async () => {
    const { outcome, ignored } = await wait(
      [approve(person('u-bob', 'bob')), approve(person('u-carol', 'carol', 'operator'))],
      { approvers: ['carol', 'bob'], requiredApprovals: 2 },
    );
    expect(outcome.status).toBe('timed-out');
    expect(ignored).toEqual(['Carol: deciding needs the approver role; you are operator']);
  });

  it('takes the local person’s decision unchecked, and says so when the step names approvers', async () => {
    const { outcome, told } = await wait([approve({ by: 'ana' })], { approvers: ['carol'] });
    expect(outcome.status).toBe('approved');
    expect(told.at(-1)).toMatchObject({ type: 'step-decision', by: 'ana', unchecked: true });
  });

  it('on a team runner counts decisions without a user id as one person, whatever their names', async () => {
    const forged = [approve({ by: 'Carol Poe' }), approve({ by: 'Grace Hopper' })];
    const team = await wait(
      forged,
      { requiredApprovals: 2 },
      {
        fourEyes: true,
        startedByUserId: 'u-alice',
        localDecisionsCountOnce: true,
      },
    );
    expect(team.outcome.status).toBe('timed-out');
    const local = await wait(forged, { requiredApprovals: 2 });
    expect(local.outcome.status).toBe('approved');
  });
});

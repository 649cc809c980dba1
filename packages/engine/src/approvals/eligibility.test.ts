import { describe, expect, it } from 'vitest';
import { canDecide, type Decider } from './eligibility.ts';

const alice: Decider = { userId: 'u-alice', username: 'alice', role: 'approver' };
const bob: Decider = { userId: 'u-bob', username: 'Bob', role: 'approver' };
const carolAdmin: Decider = { userId: 'u-carol', username: 'carol', role: 'admin' };
const dan: Decider = { userId: 'u-dan', username: 'dan', role: 'operator' };

const rules = { approvers: [] as string[], fourEyes: true, startedByUserId: 'u-alice' };

describe('canDecide', () => {
  it('refuses the person who started the run (four-eyes), and lets anyone else with the role decide', () => {
    expect(canDecide(rules, alice)).toEqual({
      ok: false,
      reason: 'you started this run; someone else must approve (four-eyes rule)',
    });
    expect(canDecide(rules, bob)).toEqual({ ok: true });
  });

  it('lets the starter decide when the workflow waives the four-eyes rule', () => {
    expect(canDecide({ ...rules, fourEyes: false }, alice)).toEqual({ ok: true });
  });

  it('has no starter to exclude for a run started locally', () => {
    expect(canDecide({ ...rules, startedByUserId: null }, alice)).toEqual({ ok: true });
  });

  it('narrows to the people and roles listed, usernames in any case', () => {
    const listed = { ...rules, startedByUserId: null, approvers: ['BOB', 'role:admin'] };
    expect(canDecide(listed, bob)).toEqual({ ok: true });
    expect(canDecide(listed, carolAdmin)).toEqual({ ok: true });
    expect(canDecide(listed, alice)).toEqual({
      ok: false,
      reason: 'only bob or someone with the admin role may decide this step',
    });
  });

  it('never widens: a listed person still needs the approver role', () => {
    const listed = { ...rules, startedByUserId: null, approvers: ['dan'] };
    expect(canDecide(listed, dan)).toEqual({
      ok: false,
      reason: 'deciding needs the approver role; you are operator',
    });
  });

  it('checks four-eyes before the list, so the starter learns the real reason', () => {
    const listed = { ...rules, approvers: ['alice', 'bob'] };
    expect(canDecide(listed, alice)).toMatchObject({ ok: false, reason: /four-eyes/ });
  });
});

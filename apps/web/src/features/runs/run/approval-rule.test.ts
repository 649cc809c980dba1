import { describe, expect, it } from 'vitest';
import type { ApprovalDecision, StepApproval } from '@/lib/api-types';
import { approvalRuleText, fourEyesText, signingAs } from './approval-rule';

const decision = (by: string, d: 'approve' | 'reject' = 'approve'): ApprovalDecision => ({
  decision: d,
  by,
  userId: null,
  comment: null,
  at: '2026-12-02T08:00:00.000Z',
});

const rule = (over: Partial<StepApproval> = {}): StepApproval => ({
  approvers: [],
  requiredApprovals: 1,
  fourEyes: false,
  decisions: [],
  ...over,
});

describe('approvalRuleText', () => {
  it('says how many approvals from whom, and who approved so far', () => {
    expect(
      approvalRuleText(
        rule({
          approvers: ['alice', 'role:approver'],
          requiredApprovals: 2,
          decisions: [decision('Bob')],
        }),
      ),
    ).toBe('needs 2 approvals from alice or role:approver — 1 so far: Bob');
  });

  it('defaults to any approver, and says "none so far" only when more than one is needed', () => {
    expect(approvalRuleText(rule())).toBe('needs 1 approval from any approver');
    expect(approvalRuleText(rule({ requiredApprovals: 3 }))).toBe(
      'needs 3 approvals from any approver — none so far',
    );
  });

  it('counts approvals only, and lists three approvers with commas', () => {
    expect(
      approvalRuleText(
        rule({
          approvers: ['alice', 'bob', 'carol'],
          requiredApprovals: 2,
          decisions: [decision('Dan', 'reject'), decision('Alice')],
        }),
      ),
    ).toBe('needs 2 approvals from alice, bob or carol — 1 so far: Alice');
  });

  it('names the four-eyes rule only where it applies, and who is signing', () => {
    expect(fourEyesText(rule({ fourEyes: true }), 'team')).toBe(
      'four-eyes: not by the person who started the run',
    );
    expect(fourEyesText(rule(), 'team')).toBeNull();
    expect(fourEyesText(rule({ fourEyes: true }), 'local')).toBe(
      'local mode: the rule is checked only on a team runner',
    );
    expect(signingAs({ name: 'Ada Lovelace', role: 'approver' })).toBe(
      'Signing as Ada Lovelace (approver)',
    );
  });
});

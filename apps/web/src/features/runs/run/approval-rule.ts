import type { RunStep, StepApproval } from '@/lib/api-types';

/** The step's rule and decisions: a `request-review` step that has started has them, no other. */
export function stepApproval(step: RunStep): StepApproval | null {
  return 'approval' in step ? step.approval : null;
}

/** "a", "a or b", "a, b or c". */
function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * A ceremony step's rule and where it stands, in one line: "needs 2 approvals from alice or
 * role:approver — 1 so far: Bob". Who may decide defaults to any approver.
 */
export function approvalRuleText(approval: StepApproval): string {
  const n = approval.requiredApprovals;
  const who = approval.approvers.length > 0 ? orList(approval.approvers) : 'any approver';
  const rule = `needs ${n} ${n === 1 ? 'approval' : 'approvals'} from ${who}`;
  const approvedBy = approval.decisions.filter((d) => d.decision === 'approve').map((d) => d.by);
  if (approvedBy.length > 0)
    return `${rule} — ${approvedBy.length} so far: ${approvedBy.join(', ')}`;
  return n > 1 ? `${rule} — none so far` : rule;
}

/**
 * The four-eyes rule, said where it applies. A local runner checks neither it nor who may
 * decide (the local person decides, as the story says): the dialog says so instead.
 */
export function fourEyesText(approval: StepApproval, mode: 'local' | 'team'): string | null {
  if (mode === 'local') return 'local mode: the rule is checked only on a team runner';
  return approval.fourEyes ? 'four-eyes: not by the person who started the run' : null;
}

/** "Signing as Ada Lovelace (approver)". */
export function signingAs(actor: { name: string; role: string }): string {
  return `Signing as ${actor.name} (${actor.role})`;
}

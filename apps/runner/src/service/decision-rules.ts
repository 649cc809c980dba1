import type { RunRecord } from '@arcflow/db';
import { approverEntryProblem } from '@arcflow/engine';
import { z } from 'zod';

/** Who may decide a ceremony step of a run, and how many must approve. */
export interface StepApprovalRules {
  /** `approvers:` as written; empty: anyone with the approver role. */
  approvers: string[];
  requiredApprovals: number;
  /** False when the workflow waives the four-eyes rule. */
  fourEyes: boolean;
}

// Only the fields that settle who decides: they are never expressions (validation refuses
// that), while other inputs (a prompt, a timeout) may be, and are read when the step starts.
const approvalFields = z.looseObject({
  approvers: z.array(z.string()).default([]),
  required_approvals: z.number().int().min(1).optional(),
  min_approvals: z.number().int().min(1).optional(),
});

/**
 * The approval rules of `stepId` as the run has them: from the run's definition snapshot,
 * never from the workflow file as it is now. Undefined when the step's inputs cannot say
 * (then nobody may decide it).
 */
export function decisionRulesOf(run: RunRecord, stepId: string): StepApprovalRules | undefined {
  const step = run.definition.steps.find((s) => s.id === stepId);
  return decisionRulesFrom(step?.with ?? {}, run.definition.fourEyes !== false);
}

/** The approval rules a ceremony step's inputs (`with`) set, under the run's four-eyes rule. */
export function decisionRulesFrom(
  inputs: unknown,
  fourEyes: boolean,
): StepApprovalRules | undefined {
  const parsed = approvalFields.safeParse(inputs ?? {});
  if (!parsed.success) return undefined;
  const { approvers, required_approvals, min_approvals } = parsed.data;
  if (approvers.some((entry) => approverEntryProblem(entry) !== undefined)) return undefined;
  return {
    approvers,
    requiredApprovals: required_approvals ?? min_approvals ?? 1,
    fourEyes,
  };
}

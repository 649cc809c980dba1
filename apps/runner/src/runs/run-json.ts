import {
  type DecisionRecord,
  REVISION_SHORT_ID_LENGTH,
  type RunHeader,
  type RunRecord,
  type StepRecord,
} from '@arcflow/db';
import type { RunEvent, StepDefinition } from '@arcflow/engine';
import { decisionRulesOf, type StepApprovalRules } from '../service/decision-rules.ts';
import type { RunPeople, StartedBy } from './run-people.ts';

/** The documented JSON shape of a run (`arcflow show --json`, `run --json`, `resume --json`). */
export function runToJson(run: RunRecord, events: RunEvent[], people?: RunPeople) {
  const declared = new Map(run.definition.steps.map((step) => [step.id, step]));
  const toJson = (step: StepRecord) => ({
    ...stepToJson(step, declared.get(step.stepId)),
    ...approvalJson(step, decisionRulesOf(run, step.stepId), people?.decisions.get(step.stepId)),
  });
  return {
    ...runHeaderJson(run, people),
    steps: run.steps.map(toJson),
    /** Steps the run had before it went on with a definition without them. */
    removedSteps: run.removedSteps.map(toJson),
    events: eventsJson(events),
  };
}

/** The run's own fields, as every JSON shape of a run starts. */
export function runHeaderJson(run: RunHeader, people?: RunPeople) {
  return {
    id: run.id,
    workflow: run.workflowName,
    status: run.status,
    /** Who started the run (the signed-in user, or the local person); null when unknown. */
    startedBy: (people?.startedBy ?? null) satisfies StartedBy | null,
    workspace: run.workspaceDir,
    definitionHash: run.definitionHash,
    revisionId: run.revisionId,
    /** The revision's short id (the first digits of `definitionHash`). */
    revision: run.revisionId ? run.definitionHash.slice(0, REVISION_SHORT_ID_LENGTH) : null,
    /** For a rerun: the run it re-tells, and how. */
    retoldFrom: run.retoldFromRunId ? { runId: run.retoldFromRunId, telling: run.retelling } : null,
    /** Sub-workflows: the run (and its `uses:` step) that started this one; null otherwise. */
    parent: run.parentRunId ? { runId: run.parentRunId, stepId: run.parentStepId } : null,
    /** Sub-workflows: the workflow's evaluated `outputs:`, once the run succeeded. */
    outputs: run.outputs,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    resumeCount: run.resumeCount,
  };
}

export function eventsJson(events: RunEvent[]) {
  return events.map((e) => ({
    seq: e.seq,
    type: e.type,
    at: e.at,
    ...(e.stepId ? { stepId: e.stepId } : {}),
    ...(e.attempt ? { attempt: e.attempt } : {}),
    story: e.story,
    ...(e.data ? { data: e.data } : {}),
  }));
}

function stepToJson(step: StepRecord, declared: StepDefinition | undefined) {
  return {
    id: step.stepId,
    /** The steps it depends on, in the definition the run has (the edges of its graph). */
    dependsOn: declared?.dependsOn ?? [],
    /** An instance of a `matrix` or `for_each` step: that step's id and its values in words. */
    ...(declared?.instance
      ? { instanceOf: declared.instance.of, instanceLabel: declared.instance.label }
      : {}),
    /** A step written with `matrix` or `for_each`: it runs nothing and gathers its instances. */
    ...(declared?.fanOut ? { fanOut: declared.fanOut.kind } : {}),
    status: step.status,
    /** Why a skipped step was skipped: condition, upstream-condition, upstream, nothing-to-do. */
    skipReason: step.skipReason,
    attempts: step.attemptCount,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    universe: step.universe,
    action: step.action,
    beat: step.beat,
    outputs: step.outputs,
    /** In a rerun: the run whose result this step took over instead of running. */
    reusedFrom: step.reusedFromRunId,
    attemptHistory: step.attempts.map((a) => ({
      number: a.number,
      status: a.status,
      startedAt: a.startedAt,
      finishedAt: a.finishedAt,
      exitCode: a.exitCode,
      failure: a.failure,
    })),
  };
}

/**
 * For a ceremony step that waits or has waited for people: who may decide, how many must
 * approve, whether the four-eyes rule holds, and the decisions on its latest attempt.
 */
export function approvalJson(
  step: Pick<StepRecord, 'action' | 'attemptCount'>,
  rules: StepApprovalRules | undefined,
  decisions: DecisionRecord[] = [],
) {
  if (step.action !== 'request-review' || step.attemptCount === 0) return {};
  if (!rules) return {};
  return {
    approval: {
      approvers: rules.approvers,
      requiredApprovals: rules.requiredApprovals,
      fourEyes: rules.fourEyes,
      decisions: decisions.map((d) => ({
        decision: d.decision,
        by: d.by,
        userId: d.userId,
        comment: d.comment,
        at: d.at.toISOString(),
      })),
    },
  };
}

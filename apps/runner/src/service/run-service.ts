import type { RunRecord } from '@arcflow/db';
import {
  formatDiagnostic,
  isFinalRunStatus,
  isResumableRunStatus,
  resolveRunInputs,
} from '@arcflow/engine';
import type { Session } from '../session/session.ts';
import { UserError } from '../errors.ts';
import { loadWorkflow } from '../workflows/load.ts';

export interface StartRunInput {
  /** A workflow name (workspace or template) or a path inside the workspace. */
  workflow: string;
  inputs?: Record<string, unknown>;
  /** Who or what started it, e.g. `api`, `web:ana`. */
  triggeredBy: string;
}

export interface Decision {
  runId: string;
  stepId: string;
  decision: 'approve' | 'reject';
  by: string;
  comment?: string;
}

/**
 * What a runner service offers its API: runs are recorded here and handed to the workers
 * (of this runner or any other sharing the database), which claim and execute them.
 */
export class RunService {
  constructor(
    private readonly session: Session,
    private readonly wakeWorkers: () => void,
  ) {}

  async startRun(input: StartRunInput): Promise<RunRecord> {
    const { definition, diagnostics, source } = loadWorkflow(
      input.workflow,
      this.session.workspaceDir,
    );
    if (!definition) {
      const problems = diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
      throw new UserError(`${source.displayPath} is not a valid workflow: ${problems.join('; ')}`);
    }
    const inputs = resolveRunInputs(definition, input.inputs ?? {});
    if ('errors' in inputs) throw new UserError(inputs.errors.join('; '));
    const run = await this.session.repo.createRun({
      workflowName: definition.name,
      workflowFile: source.absolutePath,
      workspaceDir: this.session.workspaceDir,
      definitionYaml: source.text,
      definition,
      inputs: inputs.values,
      triggeredBy: input.triggeredBy,
    });
    this.wakeWorkers();
    return run;
  }

  async resumeRun(runId: string): Promise<RunRecord> {
    const run = await this.requireRun(runId);
    if (!isResumableRunStatus(run.status)) {
      throw new UserError(
        run.status === 'succeeded'
          ? `run ${run.id} already succeeded; there is nothing to resume`
          : `run ${run.id} is ${run.status}; only failed or canceled runs can be resumed`,
      );
    }
    if (!(await this.session.repo.requestResume(run.id, new Date()))) {
      throw new UserError(`run ${run.id} changed while resuming it; look at it again`);
    }
    this.wakeWorkers();
    return run;
  }

  async cancelRun(runId: string): Promise<void> {
    const run = await this.requireRun(runId);
    if (isFinalRunStatus(run.status))
      throw new UserError(`run ${run.id} already ended (${run.status}); nothing to cancel`);
    await this.session.repo.requestCancel(run.id, new Date());
    this.wakeWorkers();
  }

  async decide(decision: Decision): Promise<void> {
    const run = await this.requireRun(decision.runId);
    const step = run.steps.find((s) => s.stepId === decision.stepId);
    if (!step) throw new UserError(`run ${run.id} has no step "${decision.stepId}"`);
    if (step.status !== 'waiting') {
      throw new UserError(
        `step "${decision.stepId}" of run ${run.id} is ${step.status}, not waiting for a decision`,
      );
    }
    await this.session.repo.recordDecision({
      runId: run.id,
      stepId: step.stepId,
      attempt: step.attemptCount,
      decision: decision.decision,
      by: decision.by,
      comment: decision.comment ?? null,
      at: new Date(),
    });
  }

  private async requireRun(runId: string): Promise<RunRecord> {
    const run = await this.session.repo.getRun(runId);
    if (!run) throw new UserError(`no run "${runId}"`);
    return run;
  }
}

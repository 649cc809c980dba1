import { retellingReasonText } from '@arcflow/engine';
import { type RetellingPreview, ranIn } from '../service/retell-service.ts';
import { unifiedDiff } from '../workflows/unified-diff.ts';

/**
 * The documented JSON shape of a resolution preview (`--dry-run --json`, `runs.preview`):
 * the steps that will run in order with why, what keeps its result, what is cut, the
 * irreversible effects that need acknowledging, and the definition change when there is one.
 */
export function previewToJson(preview: RetellingPreview) {
  const { request, run, plan, definition, switchTo } = preview;
  const steps = new Map(definition.steps.map((step) => [step.id, step]));
  const effects = new Map(plan.irreversible.map((effect) => [effect.step, effect.effect]));
  return {
    kind: request.kind,
    runId: run.id,
    workflow: run.workflowName,
    newRun: preview.newRun,
    run: plan.run.map((id) => ({
      step: id,
      action: steps.get(id)?.action ?? null,
      beat: steps.get(id)?.beat ?? null,
      reason: plan.reasons[id]!,
      why: retellingReasonText(plan.reasons[id]!),
      irreversible: effects.get(id) ?? null,
    })),
    keep: plan.keep,
    removed: plan.removed,
    /** `ranIn`: the run where the effect happened (a rerun's step may have been taken over). */
    irreversible: plan.irreversible.map((effect) => ({
      ...effect,
      ranIn: ranIn(run, effect.step),
    })),
    definitionChange: switchTo && {
      from: switchTo.fromShortId,
      to: switchTo.shortId,
      changeCount: switchTo.diff.changeCount,
      steps: switchTo.diff.steps.filter((step) => step.kind !== 'unchanged'),
      workflow: switchTo.diff.workflow,
      yaml: { before: run.definitionYaml, after: switchTo.yaml },
      /** The YAML change as a unified diff, from the run's revision to the current one. */
      unifiedDiff: unifiedDiff(
        run.definitionYaml,
        switchTo.yaml,
        `${run.workflowName}@${switchTo.fromShortId} (run ${run.id})`,
        `${run.workflowName}@${switchTo.shortId} (current)`,
      ),
    },
  };
}

export type PreviewJson = ReturnType<typeof previewToJson>;

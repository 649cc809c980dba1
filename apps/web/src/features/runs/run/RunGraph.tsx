'use client';

import { useMemo } from 'react';
import type { RunStep } from '@/lib/api-types';
import { DagView, type NodeMenuAt } from '@/ui/dag/DagView';
import dagCss from '@/ui/dag/DagView.module.css';
import { tensionStep } from '@/ui/dag/failing-path';
import { GROUP_ABOVE } from '@/ui/dag/grouping';
import type { StepNode } from '@/ui/dag/types';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import styles from './RunGraph.module.css';
import { reusedNote } from './retell';

/** What the graph needs of a run's step (a full `RunStep` or a summary of one). */
export type GraphStep = Pick<
  RunStep,
  'id' | 'dependsOn' | 'status' | 'universe' | 'action' | 'beat' | 'reusedFrom'
> &
  Partial<Pick<RunStep, 'instanceOf' | 'instanceLabel' | 'fanOut'>> & {
    finishedAt?: string | Date | null;
    uses?: string;
  };

/**
 * The run's DAG with live statuses, drawn from the definition the run has; a step a rerun
 * took over says so ("reused from run X"). A click or right-click opens `onNodeMenu`. On a
 * failed run it offers to show only the path to the tension point (`failingStepId`, else the
 * failed step that finished first).
 */
export function RunGraph({
  steps,
  selectedStepId = null,
  failingStepId,
  onSelect,
  onNodeMenu,
}: {
  steps: readonly GraphStep[];
  selectedStepId?: string | null;
  failingStepId?: string | null;
  onSelect?: (stepId: string) => void;
  onNodeMenu?: (at: NodeMenuAt) => void;
}) {
  // The run's own graph (the definition it runs), not the workflow as it is now.
  const shapeKey = steps.map((s) => `${s.id}<${s.dependsOn.join(',')}`).join(';');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the shape changes only with its key
  const nodes = useMemo(
    (): StepNode[] =>
      steps.map((s) => ({
        id: s.id,
        action: s.action,
        universe: s.universe,
        beat: s.beat,
        dependsOn: [...s.dependsOn],
        ...(s.uses ? { uses: s.uses } : {}),
        startLine: 0,
        endLine: 0,
        ...(s.instanceOf ? { instanceOf: s.instanceOf, instanceLabel: s.instanceLabel } : {}),
        ...(s.fanOut ? { fanOut: s.fanOut } : {}),
      })),
    [shapeKey],
  );
  const statusKey = steps.map((s) => `${s.id}=${s.status}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed when a status changes
  const statuses = useMemo(() => new Map(steps.map((s) => [s.id, s.status])), [statusKey]);
  const reusedKey = steps.map((s) => `${s.id}=${s.reusedFrom ?? ''}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed when a step is taken over
  const notes = useMemo(() => {
    const map = new Map<string, string>();
    for (const step of steps) {
      const note = reusedNote(step);
      if (note) map.set(step.id, note);
    }
    return map;
  }, [reusedKey]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new tension only with a status
  const failing = useMemo(
    () => (failingStepId === undefined ? tensionStep(steps) : failingStepId),
    [failingStepId, statusKey],
  );
  if (nodes.length === 0) return null;
  return (
    <section
      className={`${layoutCss.card} ${panelCss.panel} ${styles.graph}`}
      aria-label="Run graph"
    >
      {selectedStepId && /^[^"\\<>]+$/.test(selectedStepId) ? (
        // The selection made elsewhere (beats, arc, timeline) shows on its node too.
        <style>{`[data-testid="dag-node-${selectedStepId}"],[data-testid="dag-fan-${selectedStepId}"]{outline:2px solid var(--accent);outline-offset:2px}`}</style>
      ) : null}
      <div
        className={`${styles.canvas} ${nodes.length > GROUP_ABOVE ? styles.tall : ''} ${dagCss.dagCanvas}`}
      >
        <DagView
          steps={nodes}
          statuses={statuses}
          notes={notes}
          failingStepId={failing}
          onSelect={onSelect}
          onNodeMenu={onNodeMenu}
        />
      </div>
    </section>
  );
}

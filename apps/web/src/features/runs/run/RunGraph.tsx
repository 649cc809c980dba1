'use client';

import { useCallback, useMemo } from 'react';
import type { RunStep } from '@/lib/api-types';
import { DagView, type NodeMenuAt } from '@/ui/dag/DagView';
import dagCss from '@/ui/dag/DagView.module.css';
import type { StepNode } from '@/ui/dag/types';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import styles from './RunGraph.module.css';
import { reusedNote } from './retell';

/**
 * The run's DAG with live statuses, drawn from the definition the run has; a step a rerun
 * took over says so ("reused from run X"). A click or right-click opens `onNodeMenu`.
 */
export function RunGraph({
  steps,
  selectedStepId = null,
  onSelect,
  onNodeMenu,
}: {
  steps: RunStep[];
  selectedStepId?: string | null;
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
        startLine: 0,
        endLine: 0,
      })),
    [shapeKey],
  );
  const statusKey = steps.map((s) => `${s.id}=${s.status}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed when a status changes
  const statusOf = useCallback((id: string) => steps.find((s) => s.id === id)?.status, [statusKey]);
  const reusedKey = steps.map((s) => `${s.id}=${s.reusedFrom ?? ''}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed when a step is taken over
  const noteOf = useCallback(
    (id: string) => {
      const step = steps.find((s) => s.id === id);
      return step ? (reusedNote(step) ?? undefined) : undefined;
    },
    [reusedKey],
  );
  if (nodes.length === 0) return null;
  return (
    <section
      className={`${layoutCss.card} ${panelCss.panel} ${styles.graph}`}
      aria-label="Run graph"
    >
      {selectedStepId && /^[a-z0-9_-]+$/i.test(selectedStepId) ? (
        // The selection made elsewhere (beats, arc, timeline) shows on its node too.
        <style>{`[data-testid="dag-node-${selectedStepId}"]{outline:2px solid var(--accent);outline-offset:2px}`}</style>
      ) : null}
      <div className={`${styles.canvas} ${dagCss.dagCanvas}`}>
        <DagView
          steps={nodes}
          statusOf={statusOf}
          noteOf={noteOf}
          onSelect={onSelect}
          onNodeMenu={onNodeMenu}
        />
      </div>
    </section>
  );
}

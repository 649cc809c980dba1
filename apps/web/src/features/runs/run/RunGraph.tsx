'use client';

import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { RunStep } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';
import { DagView, type NodeMenuAt } from '@/ui/dag/DagView';
import dagCss from '@/ui/dag/DagView.module.css';
import type { StepNode } from '@/ui/dag/types';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import styles from './RunGraph.module.css';
import { reusedNote } from './retell';

/**
 * The run's DAG with live statuses; a step a rerun took over says so ("reused from run X").
 * The edges come from the workflow as it is now, so the graph is drawn only while the
 * workflow still has exactly the run's steps. A click or right-click opens `onNodeMenu`.
 */
export function RunGraph({
  workflow,
  steps,
  selectedStepId = null,
  onSelect,
  onNodeMenu,
}: {
  workflow: string;
  steps: RunStep[];
  selectedStepId?: string | null;
  onSelect?: (stepId: string) => void;
  onNodeMenu?: (at: NodeMenuAt) => void;
}) {
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.workflows.get.queryOptions({ name: workflow }), retry: false });
  const nodes = useMemo((): StepNode[] | null => {
    const graph = detail.data?.graph;
    if (!graph) return null;
    const ids = new Set(steps.map((s) => s.id));
    if (graph.nodes.length !== ids.size || !graph.nodes.every((n) => ids.has(n.id))) return null;
    return graph.nodes.map((n) => ({
      id: n.id,
      action: n.action,
      universe: n.universe,
      beat: n.beat,
      dependsOn: n.dependsOn,
      startLine: 0,
      endLine: 0,
    }));
  }, [detail.data, steps]);
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
  if (!nodes) return null;
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

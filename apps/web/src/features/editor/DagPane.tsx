'use client';

import { DagView } from '@/ui/dag/DagView';
import dagCss from '@/ui/dag/DagView.module.css';
import type { StepNode } from '@/ui/dag/types';
import legendCss from '@/ui/Legend.module.css';
import { EmptyState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import styles from './editor.module.css';

/** The live DAG beside the YAML: the last valid version's steps; a click reveals a step's lines. */
export function DagPane({
  steps,
  valid,
  checking,
  onSelect,
}: {
  steps: StepNode[];
  valid: boolean | null;
  checking: boolean;
  onSelect: (stepId: string) => void;
}) {
  return (
    <aside className={styles.dagPane} aria-label="Workflow graph">
      <header className={styles.dagHead}>
        <strong>Arc</strong>
        <span className={textCss.muted}>
          {steps.length} {steps.length === 1 ? 'beat' : 'beats'}
          {valid === false && steps.length > 0 ? ' · last valid version' : ''}
        </span>
        <span className={legendCss.legend}>
          <span className={`${legendCss.legendItem} uni-engineer`}>engineer</span>
          <span className={`${legendCss.legendItem} uni-ceremony`}>ceremony</span>
          <span className={`${legendCss.legendItem} uni-story`}>story</span>
        </span>
      </header>
      <div className={dagCss.dagCanvas} data-testid="dag">
        {steps.length > 0 ? (
          <DagView steps={steps} onSelect={onSelect} />
        ) : (
          <EmptyState title={checking || valid === null ? 'Reading the arc…' : 'No graph yet'}>
            {valid === false ? 'The graph appears once the workflow is valid.' : null}
          </EmptyState>
        )}
      </div>
    </aside>
  );
}

import type { RunStep, StepStatus } from '@/lib/api-types';
import { STATUS_LABEL } from '@/lib/statuses';
import badgeCss from '@/ui/Badges.module.css';
import styles from './StepCounts.module.css';

/** Below this many steps the list itself is the summary. */
const SUMMARISE_OVER = 20;

/** The order statuses are counted in: what needs someone first. */
const ORDER: readonly StepStatus[] = [
  'failed',
  'waiting',
  'running',
  'pending',
  'canceled',
  'skipped',
  'succeeded',
];

/**
 * A long run's steps counted by status, each count a button to the first step with it: the
 * failing step of a 5,000-step run is one click away, wherever it sits in the list.
 */
export function StepCounts({
  steps,
  onJump,
}: {
  steps: readonly RunStep[];
  onJump: (stepId: string) => void;
}) {
  if (steps.length <= SUMMARISE_OVER) return null;
  const counts = new Map<StepStatus, { n: number; first: string }>();
  for (const step of steps) {
    const seen = counts.get(step.status);
    if (seen) seen.n++;
    else counts.set(step.status, { n: 1, first: step.id });
  }
  return (
    <p className={styles.counts} data-testid="step-counts">
      <span className={styles.total}>{steps.length.toLocaleString('en')} steps:</span>
      {ORDER.filter((status) => counts.has(status)).map((status) => {
        const { n, first } = counts.get(status) ?? { n: 0, first: '' };
        return (
          <button
            key={status}
            type="button"
            className={`${badgeCss.badge} tone-${status} ${styles.count}`}
            data-status={status}
            title={`Show the first ${STATUS_LABEL[status].toLowerCase()} step: ${first}`}
            onClick={() => onJump(first)}
          >
            <span className={badgeCss.dot} />
            {n.toLocaleString('en')} {STATUS_LABEL[status].toLowerCase()}
          </button>
        );
      })}
    </p>
  );
}

import type { RunSummary, StepStatus } from '@/lib/api-types';
import { STATUS_LABEL } from '@/lib/statuses';
import styles from './StepBar.module.css';

/** The order the segments are stacked in: what is done first, what never happened last. */
const ORDER: readonly StepStatus[] = [
  'succeeded',
  'failed',
  'waiting',
  'running',
  'canceled',
  'skipped',
  'pending',
];

/** A run's steps as one small bar, a segment per status, with the counts in its tooltip. */
export function StepBar({ counts }: { counts: RunSummary['stepCounts'] }) {
  const parts = ORDER.map((status) => ({ status, n: counts[status] ?? 0 })).filter((p) => p.n > 0);
  const total = parts.reduce((sum, p) => sum + p.n, 0);
  const label =
    total === 0
      ? 'no steps yet'
      : parts.map((p) => `${p.n} ${STATUS_LABEL[p.status].toLowerCase()}`).join(', ');
  return (
    <div className={styles.steps} title={label}>
      <div className={styles.bar} role="img" aria-label={`Steps: ${label}`}>
        {parts.map((p) => (
          <span
            key={p.status}
            className={`${styles.segment} tone-${p.status}`}
            style={{ flexGrow: p.n }}
          />
        ))}
      </div>
      <span className={styles.text}>
        {counts.succeeded ?? 0}/{total}
      </span>
    </div>
  );
}

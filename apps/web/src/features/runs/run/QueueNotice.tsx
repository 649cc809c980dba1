import type { RunDetail } from '@/lib/api-types';
import textCss from '@/ui/text.module.css';
import { queueLabel } from '../trigger';
import styles from './IncidentBanner.module.css';

/** A queued run: its place in line, why it waits, and what a runner needs to take it. */
export function QueueNotice({ run }: { run: RunDetail }) {
  if (run.status !== 'queued') return null;
  const inLine = queueLabel(run.queuePosition);
  // The runner's reason names the labels when they are why it waits; otherwise say them here.
  const needs = run.runsOn.length > 0 && !run.queuedReason ? run.runsOn.join(', ') : null;
  return (
    <p className={styles.queue} data-testid="queue-notice">
      <span className={styles.queueHead}>Queued{inLine ? ` · ${inLine}` : ''}</span>
      <span className={styles.queueWhy}>
        {run.queuedReason ?? 'waiting for a runner to claim it'}
        {needs ? (
          <>
            {' '}
            · needs labels <span className={textCss.mono}>{needs}</span>
          </>
        ) : null}
        {run.concurrencyGroup ? (
          <>
            {' '}
            · group <span className={textCss.mono}>{run.concurrencyGroup}</span>
          </>
        ) : null}
      </span>
    </p>
  );
}

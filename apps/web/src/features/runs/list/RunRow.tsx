import Link from 'next/link';
import type { RunSummary } from '@/lib/api-types';
import { duration, timeAgo, toDate } from '@/lib/format';
import { isActive } from '@/lib/statuses';
import { StatusBadge } from '@/ui/Badges';
import textCss from '@/ui/text.module.css';
import { queueLabel, triggerLabel } from '../trigger';
import styles from './RunRow.module.css';
import { StepBar } from './StepBar';

const absolute = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

/** One run in the table; its id's link covers the whole row. */
export function RunRow({ run, now }: { run: RunSummary; now: number }) {
  const started = toDate(run.startedAt ?? run.createdAt);
  const trigger = triggerLabel(run.trigger, run.triggeredBy);
  const running = isActive(run.status);
  const inLine = run.status === 'queued' ? queueLabel(run.queuePosition) : null;
  return (
    <tr className={styles.row} data-status={run.status}>
      <td>
        <StatusBadge status={run.status} />
        {run.status === 'queued' && (inLine || run.queuedReason) ? (
          <span className={styles.queue} data-testid="queue">
            {inLine ? <span>queued · {inLine}</span> : null}
            {run.queuedReason ? (
              <span className={styles.queueReason} title={run.queuedReason}>
                {run.queuedReason}
              </span>
            ) : null}
          </span>
        ) : null}
      </td>
      <td>
        <Link className={`${textCss.mono} ${styles.link}`} href={`/runs/${run.id}`}>
          {run.id}
        </Link>
      </td>
      <td className={`${textCss.mono} ${styles.workflow}`}>
        {run.workflowName}
        {run.parentRunId ? (
          <span className={`${textCss.muted} ${styles.parent}`} data-testid="run-parent">
            {' '}
            ⤴ nested in {run.parentRunId}
          </span>
        ) : null}
      </td>
      <td>
        <StepBar counts={run.stepCounts} />
      </td>
      <td className={styles.time}>
        {started ? (
          <time dateTime={started.toISOString()} title={absolute.format(started)}>
            {timeAgo(started, now)}
          </time>
        ) : (
          '—'
        )}
      </td>
      <td className={`${styles.num} ${running ? styles.live : textCss.muted}`}>
        {run.startedAt
          ? duration(run.startedAt, run.finishedAt ?? new Date(now).toISOString())
          : '—'}
      </td>
      <td className={styles.trigger} title={trigger.title} data-testid="run-trigger">
        {trigger.label}
      </td>
    </tr>
  );
}

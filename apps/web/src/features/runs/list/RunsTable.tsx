import type { RunSummary } from '@/lib/api-types';
import { RunRow } from './RunRow';
import styles from './RunsTable.module.css';

/** The runs as a table (scrolling sideways when narrow); faded while a new filter loads. */
export function RunsTable({
  runs,
  now,
  stale,
}: {
  runs: readonly RunSummary[];
  now: number;
  stale: boolean;
}) {
  return (
    <div className={styles.scroll}>
      <table className={styles.table} data-testid="runs-table" data-stale={stale || undefined}>
        <thead>
          <tr>
            <th className={styles.colStatus}>Status</th>
            <th>Run</th>
            <th>Workflow</th>
            <th className={styles.colSteps}>Steps</th>
            <th>Started</th>
            <th className={styles.num}>Duration</th>
            <th>Trigger</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow key={run.id} run={run} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

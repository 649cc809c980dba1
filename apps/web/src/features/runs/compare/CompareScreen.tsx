'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { duration, timeAgo } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { StatusBadge } from '@/ui/Badges';
import buttonCss from '@/ui/button.module.css';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import { BeatsTable } from './BeatsTable';
import styles from './CompareScreen.module.css';
import { divergenceDetail, problemText } from './compare-format';
import { DefinitionChanges } from './DefinitionChanges';
import type { CompareHeader, CompareResult } from './types';

const PICKED: Record<CompareResult['picked'], string> = {
  given: 'the run compared with',
  'last-green-before': 'the last green run before A',
  'latest-green': 'the latest green run (none before A)',
};

/**
 * The Retcon view: a run beside the last green run of its workflow (or `runB`), beat by beat,
 * with the first point where their stories diverge highlighted and the definition diff.
 */
export function CompareScreen({ runA, runB }: { runA: string; runB?: string | undefined }) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.compare.runs.queryOptions(runB === undefined ? { runA } : { runA, runB }),
    refetchOnWindowFocus: false,
  });
  const divergenceRow = useRef<HTMLTableRowElement>(null);
  const diverges = Boolean(query.data?.comparison.firstDivergence);

  // Bring the divergence into view once the comparison is there.
  useEffect(() => {
    if (!diverges) return;
    const frame = requestAnimationFrame(() =>
      divergenceRow.current?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
    );
    return () => cancelAnimationFrame(frame);
  }, [diverges]);

  if (query.isPending) return <LoadingState label="Comparing the runs…" />;
  if (query.isError) {
    const back = (
      <Link className={`${buttonCss.btn} ${buttonCss.btnSm}`} href={`/runs/${runA}`}>
        Back to the run
      </Link>
    );
    const code = query.error.data?.code;
    return (
      <div className={layoutCss.page}>
        <div className={layoutCss.card}>
          {code === 'NOT_FOUND' || code === 'BAD_REQUEST' ? (
            <EmptyState title="Nothing to compare" action={back}>
              {problemText(query.error.message)}
            </EmptyState>
          ) : (
            <ErrorState
              title="Could not compare the runs"
              error={query.error}
              onRetry={() => void query.refetch()}
            />
          )}
        </div>
      </div>
    );
  }

  const result = query.data;
  const { comparison } = result;
  const divergence = comparison.firstDivergence;
  return (
    <div className={`${layoutCss.page} ${styles.page}`}>
      <header>
        <div className={`${styles.crumb} ${textCss.muted}`}>
          <Link href="/runs">Runs</Link> /{' '}
          <Link href={`/runs/${result.a.id}`} className={textCss.mono}>
            {result.a.id}
          </Link>{' '}
          / compare
        </div>
        <div className={styles.titleRow}>
          <h1>
            Retcon <span className={`${textCss.mono} ${styles.workflow}`}>{result.a.workflow}</span>
          </h1>
          <Link
            className={`${buttonCss.btn} ${buttonCss.btnSm}`}
            href={`/runs/${result.b.id}/compare?with=${result.a.id}`}
            data-testid="swap"
          >
            Swap A and B
          </Link>
        </div>
        <p className={`${styles.lede} ${textCss.muted}`}>
          Run A beside {PICKED[result.picked]}, beat by beat.
        </p>
      </header>

      <div className={styles.runs}>
        <RunCard side="A" run={result.a} label="this run" />
        <RunCard side="B" run={result.b} label={PICKED[result.picked]} />
      </div>

      {result.notes.length > 0 ? (
        <ul className={styles.notes}>
          {result.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}

      {divergence ? (
        <p className={`${styles.verdict} ${styles.verdictDiverges}`} data-testid="divergence">
          <span className={styles.mark} aria-hidden="true">
            ▶
          </span>
          <span>
            The stories diverge at <strong className={textCss.mono}>{divergence.step}</strong>:{' '}
            {divergenceDetail(divergence)}.
          </span>
        </p>
      ) : (
        <p className={`${styles.verdict} ${styles.verdictSame}`} data-testid="divergence">
          The stories do not diverge: every beat ended the same way in both runs.
        </p>
      )}

      <section className={`${layoutCss.card} ${panelCss.panel}`}>
        <h2 className={panelCss.title}>Beats side by side</h2>
        <BeatsTable
          rows={comparison.rows}
          divergence={divergence?.step ?? null}
          divergenceRow={divergenceRow}
        />
      </section>

      <section className={`${layoutCss.card} ${panelCss.panel}`}>
        <h2 className={panelCss.title}>Definition changes · from B to A</h2>
        <DefinitionChanges diff={comparison.definition} yamlDiff={result.yamlDiff} />
      </section>
    </div>
  );
}

function RunCard({ side, run, label }: { side: 'A' | 'B'; run: CompareHeader; label: string }) {
  return (
    <section className={`${layoutCss.card} ${styles.runCard}`} data-testid={`run-${side}`}>
      <div className={styles.runCardHead}>
        <span className={styles.side}>{side}</span>
        <span className={textCss.muted}>{label}</span>
      </div>
      <div className={styles.runCardId}>
        <Link href={`/runs/${run.id}`} className={`${textCss.mono} ${styles.runLink}`}>
          {run.id}
        </Link>
        <StatusBadge status={run.status} />
      </div>
      <p className={`${styles.runFacts} ${textCss.muted}`}>
        <span className={textCss.mono}>
          {run.workflow}
          {run.revision ? `@${run.revision.shortId}` : ''}
        </span>{' '}
        · started {timeAgo(run.startedAt ?? run.createdAt)}
        {run.startedAt ? ` · ${duration(run.startedAt, run.finishedAt) || '—'}` : ''}
      </p>
    </section>
  );
}

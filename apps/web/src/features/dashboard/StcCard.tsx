'use client';

import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { WorkflowSummary } from '@/lib/api-types';
import { timeAgo, toDate } from '@/lib/format';
import { STATUS_LABEL } from '@/lib/statuses';
import { useTRPC } from '@/lib/trpc';
import { StatusBadge } from '@/ui/Badges';
import badgeCss from '@/ui/Badges.module.css';
import layoutCss from '@/ui/layout.module.css';
import statesCss from '@/ui/States.module.css';
import textCss from '@/ui/text.module.css';
import styles from './StcCard.module.css';
import { actionPath, byLevel, lastSentence, MARK_LABEL, openTensions, type PathNode } from './stc';

const absolute = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * One workflow as a structural tension chart: the desired outcome (its narrative) on top, the
 * current reality (its latest run) at the bottom, and the action path (its steps) climbing
 * from one to the other.
 */
export function StcCard({ workflow, now }: { workflow: WorkflowSummary; now: number }) {
  const trpc = useTRPC();
  const { name, narrative, lastRun, origin, valid, problems } = workflow;
  const detail = useQuery(trpc.workflows.get.queryOptions({ name }));
  const run = useQuery({
    ...trpc.runs.get.queryOptions(lastRun ? { runId: lastRun.id } : skipToken),
    placeholderData: keepPreviousData,
  });
  const latest = lastRun ? run.data : undefined;
  const nodes = actionPath(detail.data?.graph, latest);
  const tensions = openTensions(latest);
  const told = nodes.filter((n) => n.mark === 'done').length;
  const status = latest?.status ?? lastRun?.status;
  const when = toDate(lastRun?.createdAt);

  return (
    <article
      className={`${layoutCss.card} ${styles.card}`}
      data-testid={`stc-${name}`}
      data-status={status ?? 'untold'}
    >
      <header className={styles.head}>
        <Link href={`/workflows/${name}`} className={`${textCss.mono} ${styles.name}`}>
          {name}
        </Link>
        {origin === 'template' ? <span className={badgeCss.badge}>template</span> : null}
        <span className={styles.progress} title="Beats told in the latest run">
          {lastRun && nodes.length > 0 ? `${told}/${nodes.length} beats` : null}
        </span>
      </header>

      <section className={styles.outcome} aria-label="Desired outcome">
        <h3 className={styles.label}>Desired outcome</h3>
        <p className={styles.narrative}>
          {narrative ?? (
            <span className={textCss.muted}>No narrative yet — the arc has no stated end.</span>
          )}
        </p>
      </section>

      <section className={styles.path} aria-label="Action path">
        <div className={styles.climb} aria-hidden="true">
          <span className={styles.label}>Action path</span>
        </div>
        {detail.isPending && nodes.length === 0 ? (
          <div className={styles.pathSkeleton} aria-hidden="true">
            <div className={statesCss.skeleton} />
            <div className={statesCss.skeleton} />
            <div className={statesCss.skeleton} />
          </div>
        ) : nodes.length === 0 ? (
          <p className={styles.pathEmpty}>
            {valid
              ? 'No steps yet.'
              : `The workflow has ${problems} ${problems === 1 ? 'problem' : 'problems'}; fix it to see its path.`}
          </p>
        ) : (
          <ol className={styles.levels}>
            {byLevel(nodes).map((level) => (
              <li
                key={level[0]?.id}
                className={styles.level}
                data-parallel={level.length > 1 || undefined}
                title={level.length > 1 ? 'These steps run side by side' : undefined}
              >
                <ol className={styles.nodes}>
                  {level.map((node) => (
                    <PathStep key={node.id} node={node} />
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section
        className={`${styles.reality} ${status ? `tone-${status}` : ''}`}
        aria-label="Current reality"
      >
        <h3 className={styles.label}>Current reality</h3>
        {!lastRun ? (
          <p className={styles.untold}>
            Not yet told.{' '}
            <Link href="/" className={styles.realityLink}>
              Start it from Workflows
            </Link>
          </p>
        ) : (
          <>
            <div className={styles.realityHead}>
              {status ? <StatusBadge status={status} /> : null}
              <Link
                href={`/runs/${lastRun.id}`}
                className={styles.realityLink}
                title={when ? `Run ${lastRun.id}, ${absolute.format(when)}` : undefined}
              >
                {timeAgo(lastRun.createdAt, now)} ·{' '}
                <span className={textCss.mono}>{lastRun.id}</span>
              </Link>
            </div>
            {tensions.length > 0 ? (
              <ul className={styles.tensions}>
                {tensions.map((t) => (
                  <li
                    key={t.stepId}
                    className={`${styles.tension} tone-${t.kind === 'waiting' ? 'waiting' : 'failed'}`}
                  >
                    <span className={styles.tensionStep}>
                      <span className={textCss.mono}>{t.stepId}</span>
                      <span className={styles.tensionKind}>{t.kind}</span>
                    </span>
                    <span className={styles.tensionText}>{t.text}</span>
                  </li>
                ))}
              </ul>
            ) : latest ? (
              <p className={styles.sentence}>
                {lastSentence(latest) ?? STATUS_LABEL[latest.status]}
              </p>
            ) : run.isError ? (
              <p className={styles.sentence}>The latest run could not be read.</p>
            ) : null}
          </>
        )}
      </section>
    </article>
  );
}

function PathStep({ node }: { node: PathNode }) {
  const mark = node.mark;
  const title = [
    `${node.id} · ${node.universe} · ${node.action}`,
    node.beat,
    node.status ? `Latest run: ${STATUS_LABEL[node.status].toLowerCase()}` : null,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <li
      className={`${styles.node} uni-${node.universe}`}
      data-mark={mark ?? 'untold'}
      data-step={node.id}
      title={title}
    >
      <span className={styles.marker} aria-hidden="true" />
      <span className={`${textCss.mono} ${styles.stepId}`}>{node.id}</span>
      {mark ? (
        <span className={styles.mark} data-mark={mark}>
          <MarkIcon mark={mark} />
          {MARK_LABEL[mark]}
        </span>
      ) : null}
    </li>
  );
}

function MarkIcon({ mark }: { mark: NonNullable<PathNode['mark']> }) {
  const d: Record<typeof mark, string> = {
    done: 'M3.5 8.5l3 3 6-7',
    failed: 'M4.5 4.5l7 7M11.5 4.5l-7 7',
    waiting: 'M8 4.5V8l2.5 1.5',
    running: 'M6 4.5l5 3.5-5 3.5z',
    'not-reached': 'M4 8h8',
  };
  return (
    <svg
      width="12"
      height="12"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {mark === 'waiting' ? <circle cx="8" cy="8" r="6" strokeWidth="1.6" /> : null}
      <path d={d[mark]} />
    </svg>
  );
}

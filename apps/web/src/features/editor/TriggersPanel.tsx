'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  fireTimeIn,
  pullRequestFacts,
  pushFacts,
  type TriggerFact,
  webhookUrl,
} from '@/features/workflows/triggers-summary';
import type { ScheduleSummary, WorkflowTriggers } from '@/features/workflows/triggers-types';
import { useRunner } from '@/lib/runner-context';
import { useTRPC } from '@/lib/trpc';
import buttonCss from '@/ui/button.module.css';
import { ErrorState, LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import historyCss from './history.module.css';
import styles from './triggers.module.css';

/** The next fire times move on: ask again every minute while the panel is open. */
const REFRESH_MS = 60_000;

/**
 * What starts the saved workflow besides the Run button: push and pull request filters,
 * release tags, the webhook's address, each schedule with its next fire times (in its own
 * zone and the viewer's), the concurrency group and the runner labels it needs.
 */
export function TriggersPanel({
  name,
  savedMarker,
  onClose,
}: {
  name: string;
  /** Changes when the workflow is saved, so the panel reads the new file. */
  savedMarker: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.workflows.triggers.queryOptions({ name }),
    refetchInterval: REFRESH_MS,
  });
  const { refetch } = query;
  useEffect(() => {
    if (savedMarker) void refetch();
  }, [savedMarker, refetch]);

  return (
    <aside className={historyCss.panel} aria-label="Triggers" data-testid="triggers-panel">
      <header className={historyCss.panelHead}>
        <strong>Triggers</strong>
        <span className={textCss.muted}>as saved</span>
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnGhost} ${historyCss.panelClose}`}
          onClick={onClose}
        >
          Show the graph
        </button>
      </header>
      <div className={historyCss.panelBody}>
        {query.isPending ? (
          <LoadingState label="Reading the triggers…" />
        ) : query.isError ? (
          <ErrorState
            title="Could not read the triggers"
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        ) : query.data.triggers === null ? (
          <p className={styles.empty}>
            The saved file is not a valid workflow: its triggers show once it is.
          </p>
        ) : (
          <TriggerList name={name} triggers={query.data.triggers} />
        )}
      </div>
    </aside>
  );
}

function TriggerList({ name, triggers }: { name: string; triggers: WorkflowTriggers }) {
  const { apiUrl } = useRunner();
  const listens =
    triggers.push ||
    triggers.pullRequest ||
    triggers.release ||
    triggers.webhook ||
    triggers.schedules.length > 0;
  return (
    <div className={styles.list}>
      {!listens ? (
        <p className={styles.empty}>
          Only by hand: nothing starts <span className={textCss.mono}>{name}</span> on its own. Add
          an <code>on:</code> section to start it on a push, a pull request, a schedule or a
          webhook.
        </p>
      ) : null}
      {triggers.push ? (
        <Section title="Push">
          <Facts facts={pushFacts(triggers.push)} />
        </Section>
      ) : null}
      {triggers.pullRequest ? (
        <Section title="Pull request">
          <Facts facts={pullRequestFacts(triggers.pullRequest)} />
        </Section>
      ) : null}
      {triggers.release ? (
        <Section title="Release">
          <Facts facts={[{ label: 'tags', value: triggers.release.tags?.join(', ') ?? 'any' }]} />
        </Section>
      ) : null}
      {triggers.webhook ? (
        <Section title="Webhook">
          <p className={styles.line}>
            <span className={styles.verb}>POST</span>
            <span className={`${textCss.mono} ${styles.url}`} data-testid="webhook-url">
              {webhookUrl(apiUrl, triggers.webhook.path)}
            </span>
          </p>
          <p className={styles.note}>
            Signed with HMAC-SHA256 of the body in <code>X-Arcflow-Signature-256</code>.
          </p>
        </Section>
      ) : null}
      {triggers.schedules.map((schedule) => (
        <Section key={`${schedule.cron} ${schedule.timezone}`} title="Schedule">
          <Schedule schedule={schedule} />
        </Section>
      ))}
      <Section title="Concurrency">
        {triggers.concurrency ? (
          <>
            <Facts facts={[{ label: 'group', value: triggers.concurrency.group }]} />
            <p className={styles.note}>
              {triggers.concurrency.cancelInProgress
                ? 'A new run of the group cancels the one in progress.'
                : 'Runs of the group wait for each other, in order.'}
            </p>
          </>
        ) : (
          <p className={styles.none}>No group: runs of this workflow may overlap.</p>
        )}
      </Section>
      <Section title="Runs on">
        {triggers.runsOn.length > 0 ? (
          <span className={styles.chips}>
            {triggers.runsOn.map((label) => (
              <span key={label} className={styles.chip}>
                {label}
              </span>
            ))}
          </span>
        ) : (
          <p className={styles.none}>Any runner.</p>
        )}
      </Section>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className={styles.section}>
      <h3 className={styles.title}>{title}</h3>
      {children}
    </section>
  );
}

function Facts({ facts }: { facts: TriggerFact[] }) {
  return (
    <dl className={styles.facts}>
      {facts.map((fact) => (
        <div key={fact.label} className={styles.fact}>
          <dt>{fact.label}</dt>
          <dd className={textCss.mono}>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Schedule({ schedule }: { schedule: ScheduleSummary }) {
  const zone = schedule.timezone ?? 'UTC';
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const sameZone = local === zone || (zone === 'UTC' && local === 'Etc/UTC');
  return (
    <>
      <p className={styles.line}>
        <span className={`${textCss.mono} ${styles.cron}`}>{schedule.cron}</span>
        <span className={textCss.muted}>{zone}</span>
        {schedule.catchUp ? <span className={styles.tag}>catch up</span> : null}
      </p>
      <table className={styles.fires} data-testid="next-fires">
        <thead>
          <tr>
            <th>Next</th>
            <th>{zone}</th>
            {sameZone ? null : <th>Your time ({local})</th>}
          </tr>
        </thead>
        <tbody>
          {schedule.next.map((time, i) => (
            <tr key={time}>
              <td className={textCss.muted}>{i + 1}</td>
              <td>{fireTimeIn(time, zone)}</td>
              {sameZone ? null : <td className={textCss.muted}>{fireTimeIn(time, local)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

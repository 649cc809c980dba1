'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useMe } from '@/features/auth/useMe';
import type { RetellRequest, RunEvent, RunFull, RunStep } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { duration, timeAgo } from '@/lib/format';
import { ConnectionStatus } from '@/lib/live/ConnectionStatus';
import { RUN_CONNECTION_LABEL } from '@/lib/live/connection';
import { useNow } from '@/lib/live/useNow';
import { useRunLive } from '@/lib/live/useRunLive';
import { can, readOnlyHint } from '@/lib/roles';
import { isActive, isResumable } from '@/lib/statuses';
import { useTRPC } from '@/lib/trpc';
import { StatusBadge } from '@/ui/Badges';
import buttonCss from '@/ui/button.module.css';
import type { NodeMenuAt } from '@/ui/dag/DagView';
import formCss from '@/ui/form.module.css';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import { ArcTimeline } from './ArcTimeline';
import { Artifacts } from './Artifacts';
import { stepApproval } from './approval-rule';
import { DecisionDialog } from './DecisionDialog';
import { Gantt } from './Gantt';
import { IncidentBanner } from './IncidentBanner';
import { NodeMenu } from './NodeMenu';
import { QueueNotice } from './QueueNotice';
import { ResumeLatestButton } from './ResumeLatestButton';
import { RetellDialog } from './RetellDialog';
import { RetellMenu } from './RetellMenu';
import { RetoldBanner } from './RetoldBanner';
import { RunGraph } from './RunGraph';
import styles from './RunScreen.module.css';
import { fanRoleOf, retellBlocked } from './retell';
import { StepCounts } from './StepCounts';
import { StepList } from './StepList';
import { StepLog } from './StepLog';
import { Story } from './Story';
import { SubWorkflows } from './SubWorkflows';
import { useAfterFirstPaint } from './useAfterFirstPaint';
import { useEarlierStory } from './useEarlierStory';
import { useExpandedInstances } from './useExpandedInstances';

/** How often a queued run's page asks again where the run stands. */
const QUEUE_REFRESH_MS = 3_000;

/** The step worth watching when nobody picked one: what runs or waits, else what broke last. */
function interestingStep(steps: readonly RunStep[]): string | null {
  const live = steps.find((s) => s.status === 'running' || s.status === 'waiting');
  if (live) return live.id;
  const failed = steps.filter((s) => s.status === 'failed').at(-1);
  if (failed) return failed.id;
  let latest: RunStep | null = null;
  for (const s of steps) {
    if (s.startedAt && (!latest || String(s.startedAt) >= String(latest.startedAt))) latest = s;
  }
  return latest?.id ?? null;
}

export function RunScreen({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { query, run, connection } = useRunLive(runId);
  const [decision, setDecision] = useState<{
    stepId: string;
    decision: 'approve' | 'reject';
  } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [retelling, setRetelling] = useState<RetellRequest | null>(null);
  const [nodeMenu, setNodeMenu] = useState<NodeMenuAt | null>(null);
  const router = useRouter();
  const closeNodeMenu = useCallback(() => setNodeMenu(null), []);
  const logPanel = useRef<HTMLDivElement>(null);
  const now = useNow(500, run ? isActive(run.status) : false);
  const queued = run?.status === 'queued';
  useEffect(() => {
    if (!queued) return;
    // A queued run tells no events while it waits: ask again for its place in line.
    const timer = setInterval(
      () =>
        void queryClient.invalidateQueries({ queryKey: trpc.runs.overview.queryKey({ runId }) }),
      QUEUE_REFRESH_MS,
    );
    return () => clearInterval(timer);
  }, [queued, queryClient, trpc, runId]);
  const stepIds = useMemo(() => new Set(run?.steps.map((s) => s.id)), [run?.steps]);
  useExpandedInstances(runId, run?.events, stepIds);
  const { me, role } = useMe();
  const earlier = useEarlierStory(runId, run?.events[0]?.seq);
  const painted = useAfterFirstPaint(run !== undefined);
  const mayOperate = can(role, 'operate');
  const mayDecide = can(role, 'decide');

  const refresh = {
    onSuccess: () => {
      setActionError(null);
      void queryClient.invalidateQueries({ queryKey: trpc.runs.overview.queryKey({ runId }) });
    },
    onError: (e: unknown) => setActionError(errorMessage(e)),
  };
  const resume = useMutation(trpc.runs.resume.mutationOptions(refresh));
  const cancel = useMutation(trpc.runs.cancel.mutationOptions(refresh));
  const decided = {
    onError: refresh.onError,
    onSuccess: () => {
      refresh.onSuccess();
      setDecision(null);
    },
  };
  const approve = useMutation(trpc.runs.approve.mutationOptions(decided));
  const reject = useMutation(trpc.runs.reject.mutationOptions(decided));

  const retold = (next: RunFull) => {
    setRetelling(null);
    if (next.id !== runId) {
      router.push(`/runs/${next.id}`);
      return;
    }
    refresh.onSuccess();
  };

  if (query.isPending) return <LoadingState label="Loading the run…" />;
  if (query.isError || !run) {
    return (
      <div className={layoutCss.page}>
        <div className={layoutCss.card}>
          {query.error?.data?.code === 'NOT_FOUND' ? (
            <EmptyState
              title={`No run “${runId}”`}
              action={
                <Link className={`${buttonCss.btn} ${buttonCss.btnSm}`} href="/runs">
                  All runs
                </Link>
              }
            >
              It may belong to another workspace or database.
            </EmptyState>
          ) : (
            <ErrorState
              title="Could not load the run"
              error={query.error}
              onRetry={() => void query.refetch()}
            />
          )}
        </div>
      </div>
    );
  }

  const counts = run.steps.reduce<Record<string, number>>((acc, s) => {
    acc[s.status] = (acc[s.status] ?? 0) + 1;
    return acc;
  }, {});
  const done = counts.succeeded ?? 0;
  const deciding = approve.isPending || reject.isPending;
  const selectedStepId =
    picked && run.steps.some((s) => s.id === picked) ? picked : interestingStep(run.steps);
  const selectedStep = run.steps.find((s) => s.id === selectedStepId) ?? null;
  const blocked = retellBlocked(run);
  const startedBy = run.startedBy;
  const decidingStep = decision ? run.steps.find((s) => s.id === decision.stepId) : undefined;
  const select = (stepId: string) => {
    setPicked(stepId);
    // Bring the log into view, without jumping when it is already visible.
    requestAnimationFrame(() =>
      logPanel.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }),
    );
  };

  return (
    <div className={`${layoutCss.page} ${styles.page}`}>
      <header className={styles.head}>
        <div>
          <div className={`${styles.crumb} ${textCss.muted}`}>
            <Link href="/runs">Runs</Link> / <span className={textCss.mono}>{run.id}</span>
          </div>
          <h1>
            <Link href={`/workflows/${run.workflow}`} className={`${textCss.mono} ${styles.title}`}>
              {run.workflow}
            </Link>
            <StatusBadge status={run.status} />
          </h1>
          <p className={`${styles.meta} ${textCss.muted}`}>
            {run.revision ? (
              <>
                <Link
                  href={`/workflows/${run.workflow}?revision=${run.revision}`}
                  className={`${textCss.mono} ${styles.metaLink}`}
                  title="This run's revision of the workflow, in the editor"
                  data-testid="run-revision"
                >
                  revision {run.revision}
                </Link>{' '}
                ·{' '}
              </>
            ) : null}
            <Link
              href={`/runs/${run.id}/compare`}
              prefetch={false}
              className={styles.metaLink}
              title="Compare this run with another"
              data-testid="compare"
            >
              Compare
            </Link>{' '}
            · started {timeAgo(run.startedAt ?? run.createdAt)}
            {startedBy ? (
              <>
                {' '}
                by <span data-testid="started-by">{startedBy.name}</span>
              </>
            ) : null}{' '}
            · {duration(run.startedAt, run.finishedAt) || 'not started'} ·{' '}
            {done.toLocaleString('en')}/{run.steps.length.toLocaleString('en')} beats succeeded
            {run.resumeCount > 0 ? ` · resumed ${run.resumeCount}×` : ''} ·{' '}
            <ConnectionStatus connection={connection} labels={RUN_CONNECTION_LABEL} />
          </p>
        </div>
        <div className={styles.actions}>
          {!mayOperate && role ? (
            <span className={`${textCss.muted} ${styles.hint}`} data-testid="read-only-hint">
              {readOnlyHint(role, 'operate')}
            </span>
          ) : null}
          {mayOperate && isResumable(run.status) ? (
            <ResumeLatestButton
              runId={runId}
              workflow={run.workflow}
              onOpen={() => setRetelling({ kind: 'resume', runId, latest: true })}
            />
          ) : null}
          {mayOperate && isResumable(run.status) ? (
            <button
              type="button"
              className={`${buttonCss.btn} ${buttonCss.btnPrimary}`}
              data-testid="resume"
              disabled={resume.isPending}
              onClick={() => resume.mutate({ runId })}
            >
              {resume.isPending ? 'Resuming…' : 'Resume'}
            </button>
          ) : null}
          {mayOperate && isActive(run.status) ? (
            <button
              type="button"
              className={`${buttonCss.btn} ${buttonCss.btnDanger}`}
              data-testid="cancel"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate({ runId })}
            >
              {cancel.isPending ? 'Canceling…' : 'Cancel'}
            </button>
          ) : null}
          {mayOperate ? (
            <RetellMenu
              runId={runId}
              firstStep={run.steps[0]?.id}
              blocked={blocked}
              onChoose={setRetelling}
            />
          ) : null}
        </div>
      </header>
      <IncidentBanner run={run} />
      <QueueNotice run={run} />
      {run.retoldFrom ? <RetoldBanner retoldFrom={run.retoldFrom} /> : null}
      {run.parent ? (
        <p className={`${styles.meta} ${textCss.muted}`} data-testid="parent-run">
          <span aria-hidden="true">⤴ </span>a nested arc of run{' '}
          <Link href={`/runs/${run.parent.runId}`} className={`${textCss.mono} ${styles.metaLink}`}>
            {run.parent.runId}
          </Link>{' '}
          (its step <span className={textCss.mono}>{run.parent.stepId}</span>)
        </p>
      ) : null}
      {actionError && !decision ? (
        <p className={formCss.formError} role="alert">
          {actionError}
        </p>
      ) : null}
      <ArcTimeline run={run} now={now} selectedStepId={selectedStepId} onSelectStep={select} />
      <div className={styles.body}>
        <div className={styles.col}>
          {painted ? (
            <RunGraph
              steps={run.steps}
              selectedStepId={selectedStepId}
              onSelect={setPicked}
              onNodeMenu={mayOperate ? setNodeMenu : undefined}
            />
          ) : (
            <section
              className={`${layoutCss.card} ${panelCss.panel} ${styles.graphPending}`}
              aria-busy="true"
            >
              <LoadingState label="Drawing the graph…" />
            </section>
          )}
          <SubWorkflows run={run} />
          <section className={`${layoutCss.card} ${panelCss.panel}`}>
            <h2 className={panelCss.title}>Beats</h2>
            <StepCounts steps={run.steps} onJump={select} />
            <StepList
              steps={run.steps}
              revealStepId={picked}
              removedSteps={run.removedSteps}
              onStepMenu={mayOperate ? setNodeMenu : undefined}
              selectedStepId={selectedStepId}
              onSelect={select}
              onDecide={mayDecide ? (stepId, d) => setDecision({ stepId, decision: d }) : undefined}
              decideHint={readOnlyHint(role, 'decide')}
            />
          </section>
          <Artifacts runId={runId} active={isActive(run.status)} />
        </div>
        <section className={`${layoutCss.card} ${panelCss.panel}`}>
          <h2 className={panelCss.title}>Story</h2>
          <Story
            events={
              earlier.earlier.length > 0
                ? [...earlier.earlier, ...(run.events as RunEvent[])]
                : (run.events as RunEvent[])
            }
            follow={isActive(run.status)}
            earlier={earlier}
          />
        </section>
      </div>
      <Gantt run={run} now={now} selectedStepId={selectedStepId} onSelectStep={select} />
      <div ref={logPanel} className={styles.logAnchor}>
        <StepLog runId={runId} step={selectedStep} />
      </div>
      {nodeMenu ? (
        <NodeMenu
          runId={runId}
          stepId={nodeMenu.id}
          fan={fanRoleOf(run.steps.find((s) => s.id === nodeMenu.id))}
          x={nodeMenu.x}
          y={nodeMenu.y}
          blocked={blocked}
          onClose={closeNodeMenu}
          onShowLog={() => {
            setNodeMenu(null);
            select(nodeMenu.id);
          }}
          onChoose={(request) => {
            setNodeMenu(null);
            setRetelling(request);
          }}
        />
      ) : null}
      {retelling ? (
        <RetellDialog
          request={retelling}
          onRequestChange={setRetelling}
          stepChoices={run.steps.map((s) => s.id)}
          reusedFrom={(id) => run.steps.find((s) => s.id === id)?.reusedFrom ?? null}
          fanRoleOf={(id) => fanRoleOf(run.steps.find((s) => s.id === id))}
          onClose={() => setRetelling(null)}
          onDone={retold}
        />
      ) : null}
      {decision ? (
        <DecisionDialog
          runId={runId}
          stepId={decision.stepId}
          signer={me?.actor ?? null}
          mode={me?.mode ?? 'team'}
          approval={decidingStep ? stepApproval(decidingStep) : null}
          decision={decision.decision}
          busy={deciding}
          error={actionError}
          onClose={() => {
            setDecision(null);
            setActionError(null);
          }}
          onSubmit={(comment) => {
            const input = { runId, stepId: decision.stepId, comment };
            if (decision.decision === 'approve') approve.mutate(input);
            else reject.mutate(input);
          }}
        />
      ) : null}
    </div>
  );
}

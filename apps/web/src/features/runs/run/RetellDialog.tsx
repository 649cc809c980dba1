'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { RetellPreview, RetellRequest, RunFull } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import { Dialog } from '@/ui/Dialog';
import formCss from '@/ui/form.module.css';
import textCss from '@/ui/text.module.css';
import { UnifiedDiff } from '@/ui/UnifiedDiff';
import styles from './RetellDialog.module.css';
import {
  acknowledgedSteps,
  canConfirm,
  confirmLabel,
  effectLabel,
  type FanRole,
  previewHeadline,
  previewHint,
  rerunFrom,
  stepChangeText,
  unacknowledged,
  withLatest,
} from './retell';

const NONE: ReadonlySet<string> = new Set();

/**
 * The resolution preview every re-telling goes through: the definition change (if any), the
 * steps that will run in order with why, what keeps its result, and one checkbox per
 * irreversible effect — the confirm button waits until each is ticked. `stepChoices` lets the
 * person pick the step a rerun starts from; `onDone` gets the run that goes on.
 */
export function RetellDialog({
  request,
  onRequestChange,
  stepChoices,
  reusedFrom,
  fanRoleOf,
  onClose,
  onDone,
}: {
  request: RetellRequest;
  onRequestChange?: (request: RetellRequest) => void;
  stepChoices?: readonly string[];
  /** For the run's steps taken over from another run: which one (where their effects happened). */
  reusedFrom?: (stepId: string) => string | null;
  /** A step's part in a fan-out: a retry of a fanned-out step is told as one of its instances. */
  fanRoleOf?: (stepId: string) => FanRole;
  onClose: () => void;
  onDone: (run: RunFull, request: RetellRequest) => void;
}) {
  const trpc = useTRPC();
  const preview = useQuery({
    ...trpc.runs.preview.queryOptions(request),
    retry: false,
    refetchOnWindowFocus: false,
    // A preview is about now: never one from an earlier opening of the dialog.
    staleTime: 0,
    gcTime: 0,
  });
  // What was ticked belongs to one request: another request starts with nothing ticked.
  const key = JSON.stringify(request);
  const [ticked, setTicked] = useState<{ key: string; steps: ReadonlySet<string> }>({
    key,
    steps: new Set(),
  });
  const acknowledged = ticked.key === key ? ticked.steps : NONE;
  const retell = useMutation(
    trpc.runs.retell.mutationOptions({ onSuccess: (run) => onDone(run, request) }),
  );
  const data = preview.data;
  const missing = data ? unacknowledged(data, acknowledged) : [];

  const toggle = (step: string, on: boolean) => {
    setTicked((previous) => {
      const next = new Set(previous.key === key ? previous.steps : NONE);
      if (on) next.add(step);
      else next.delete(step);
      return { key, steps: next };
    });
  };

  return (
    <Dialog
      title={previewHeadline(
        request,
        request.kind === 'retry' ? (fanRoleOf?.(request.step) ?? null) : null,
      )}
      hint={data ? previewHint(data) : undefined}
      wide
      submitLabel={data ? confirmLabel(data) : 'Confirm'}
      submitDisabled={!canConfirm(data, acknowledged) || preview.isError}
      busy={retell.isPending}
      footnote={
        missing.length > 0
          ? `Tick ${missing.length === 1 ? 'the irreversible effect' : `all ${missing.length} irreversible effects`} to go on`
          : undefined
      }
      error={retell.error ? errorMessage(retell.error) : null}
      testId="retell-dialog"
      onClose={onClose}
      onSubmit={() => {
        if (!data) return;
        retell.mutate({ request, acknowledged: acknowledgedSteps(data, acknowledged) });
      }}
    >
      {request.kind === 'rerun' && onRequestChange ? (
        <RerunOptions request={request} steps={stepChoices} onChange={onRequestChange} />
      ) : null}
      {preview.isError ? (
        <p className={formCss.formError} role="alert" data-testid="retell-preview-error">
          {errorMessage(preview.error)}
        </p>
      ) : !data ? (
        <p className={textCss.muted}>Working out what would run…</p>
      ) : (
        <PreviewBody
          preview={data}
          acknowledged={acknowledged}
          onToggle={toggle}
          reusedFrom={reusedFrom}
        />
      )}
    </Dialog>
  );
}

/** A rerun's own choices: from which step, and on which definition. */
function RerunOptions({
  request,
  steps,
  onChange,
}: {
  request: Extract<RetellRequest, { kind: 'rerun' }>;
  steps?: readonly string[];
  onChange: (request: RetellRequest) => void;
}) {
  return (
    <div className={styles.options}>
      {steps && request.only === undefined ? (
        <label className={styles.option}>
          <span>Rerun from</span>
          <select
            className={`${formCss.input} ${styles.select}`}
            value={request.from ?? ''}
            onChange={(e) => {
              const { from: _from, ...whole } = request;
              onChange(e.target.value ? rerunFrom(request, e.target.value) : whole);
            }}
          >
            <option value="">the start (every step)</option>
            {steps.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className={styles.option}>
        <input
          type="checkbox"
          checked={request.latest ?? false}
          onChange={(e) => onChange(withLatest(request, e.target.checked))}
        />
        <span>With the workflow's current definition (runs what changed since, too)</span>
      </label>
    </div>
  );
}

function PreviewBody({
  preview,
  acknowledged,
  onToggle,
  reusedFrom,
}: {
  preview: RetellPreview;
  acknowledged: ReadonlySet<string>;
  onToggle: (step: string, on: boolean) => void;
  reusedFrom?: (stepId: string) => string | null;
}) {
  const change = preview.definitionChange;
  return (
    <>
      {change ? (
        <section
          className={styles.section}
          data-testid="retell-change"
          aria-label="Definition change"
        >
          <h3 className={styles.heading}>
            Definition change{' '}
            <span className={`${textCss.mono} ${styles.revisions}`}>
              {change.from} → {change.to}
            </span>{' '}
            <span className={textCss.muted}>
              ({change.changeCount} change{change.changeCount === 1 ? '' : 's'})
            </span>
          </h3>
          <ul className={styles.changes}>
            {change.steps.map((s) => (
              <li key={s.step} className={styles.change} data-change={s.kind}>
                <span className={styles.mark} aria-hidden>
                  {s.kind === 'added'
                    ? '+'
                    : s.kind === 'removed'
                      ? '−'
                      : s.kind === 'changed'
                        ? '~'
                        : '·'}
                </span>
                <span className={`${textCss.mono} ${styles.stepId}`}>{s.step}</span>
                <span className={styles.why}>{stepChangeText(s)}</span>
              </li>
            ))}
            {change.workflow.map((w) => (
              <li key={w.part} className={styles.change} data-change="workflow">
                <span className={styles.mark} aria-hidden>
                  ~
                </span>
                <span className={styles.stepId}>workflow {w.part}</span>
                <span className={styles.why}>
                  {w.affects.length > 0 ? `changes ${w.affects.join(', ')}` : 'changes no step'}
                </span>
              </li>
            ))}
          </ul>
          {change.unifiedDiff ? (
            <details className={styles.yaml}>
              <summary>The YAML, line by line</summary>
              <UnifiedDiff text={change.unifiedDiff} testId="retell-yaml-diff" />
            </details>
          ) : null}
        </section>
      ) : null}

      <section className={styles.section} aria-label="Will run">
        <h3 className={styles.heading}>
          Will run, in order{' '}
          <span className={textCss.muted}>
            ({preview.run.length} step{preview.run.length === 1 ? '' : 's'})
          </span>
        </h3>
        {preview.run.length === 0 ? (
          <p className={textCss.muted}>Nothing: every step keeps its result.</p>
        ) : (
          <ol className={styles.plan} data-testid="retell-run">
            {preview.run.map((s, i) => (
              <li key={s.step} className={styles.planStep} data-step={s.step}>
                <span className={`${styles.index} ${textCss.mono}`}>{i + 1}.</span>
                <span className={styles.planMain}>
                  <span className={styles.planTitle}>
                    <span className={`${textCss.mono} ${styles.stepId}`}>{s.step}</span>
                    {s.action ? (
                      <span className={`${textCss.mono} ${textCss.muted}`}>{s.action}</span>
                    ) : null}
                    {s.irreversible ? (
                      <span className={styles.irreversibleChip}>
                        irreversible: {s.irreversible}
                      </span>
                    ) : null}
                  </span>
                  {s.beat ? <span className={styles.beat}>{s.beat}</span> : null}
                </span>
                <span className={styles.why}>{s.why}</span>
              </li>
            ))}
          </ol>
        )}
      </section>

      {preview.irreversible.length > 0 ? (
        <fieldset className={styles.effects} data-testid="retell-effects">
          <legend className={styles.heading}>Irreversible effects that would happen again</legend>
          {preview.irreversible.map((effect) => (
            <label key={effect.step} className={styles.effect}>
              <input
                type="checkbox"
                checked={acknowledged.has(effect.step)}
                onChange={(e) => onToggle(effect.step, e.target.checked)}
              />
              <span>{effectLabel(effect, preview, reusedFrom?.(effect.step))}</span>
            </label>
          ))}
        </fieldset>
      ) : null}

      {preview.keep.length > 0 ? (
        <section className={styles.section} aria-label="Keep their results">
          <h3 className={styles.heading}>
            Keep their results{' '}
            <span className={textCss.muted}>
              ({preview.keep.length}
              {preview.newRun ? `, taken over from run ${preview.runId}` : ''})
            </span>
          </h3>
          <p className={styles.idList} data-testid="retell-keep">
            {preview.keep.map((id) => (
              <span key={id} className={`${textCss.mono} ${styles.idChip}`}>
                {id}
              </span>
            ))}
          </p>
        </section>
      ) : null}

      {preview.removed.length > 0 ? (
        <section className={styles.section} aria-label="Cut from the story">
          <h3 className={styles.heading}>Cut from the story</h3>
          <p className={styles.idList} data-testid="retell-removed">
            {preview.removed.map((id) => (
              <span key={id} className={`${textCss.mono} ${styles.idChip} ${styles.cut}`}>
                {id}
              </span>
            ))}
          </p>
        </section>
      ) : null}
    </>
  );
}

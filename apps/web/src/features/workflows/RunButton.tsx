'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { RunInputs, WorkflowInput } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import buttonCss from '@/ui/button.module.css';
import formCss from '@/ui/form.module.css';
import { type RunChoices, RunDialog } from './RunDialog';

/**
 * Starts a run of a workflow and opens its page. When the workflow has required inputs, a
 * form for its `inputs` comes first.
 */
export function RunButton({
  workflow,
  disabled,
  className = `${buttonCss.btn} ${buttonCss.btnSm}`,
  beforeRun,
  label = 'Run',
}: {
  workflow: string;
  disabled?: boolean;
  className?: string;
  /** E.g. the editor saving first; return false to stop. */
  beforeRun?: () => Promise<boolean>;
  label?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [inputs, setInputs] = useState<WorkflowInput[] | null>(null);
  const [cacheable, setCacheable] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preparing, setPreparing] = useState(false);

  const start = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: (run) => {
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
        router.push(`/runs/${run.id}`);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  async function onClick() {
    setError(null);
    setPreparing(true);
    try {
      if (beforeRun && !(await beforeRun())) return;
      const detail = await queryClient.fetchQuery(
        trpc.workflows.get.queryOptions({ name: workflow }, { staleTime: 0 }),
      );
      const declared = detail.definition?.inputs ?? [];
      // A step with `cache:`: the form offers to run without the cache.
      const cached = detail.definition?.steps.some((step) => step.cache !== undefined) === true;
      setCacheable(cached);
      if (cached || declared.some((i) => i.required)) setInputs(declared);
      else start.mutate({ workflow });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPreparing(false);
    }
  }

  function submit(values: RunInputs, choices: RunChoices) {
    start.mutate({ workflow, inputs: values, ...(choices.noCache ? { noCache: true } : {}) });
  }

  const busy = preparing || start.isPending;
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={disabled || busy}
        onClick={onClick}
        data-testid={`run-${workflow}`}
        title={disabled ? 'Fix the problems before running' : `Start a run of ${workflow}`}
      >
        <svg width="12" height="12" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
          <path d="M6 4l14 8-14 8z" />
        </svg>
        {busy ? 'Starting…' : label}
      </button>
      {error && !inputs ? (
        <span className={formCss.formError} role="alert" style={{ padding: '2px 8px' }}>
          {error}
        </span>
      ) : null}
      {inputs ? (
        <RunDialog
          workflow={workflow}
          inputs={inputs}
          cacheable={cacheable}
          busy={start.isPending}
          error={error}
          onSubmit={submit}
          onClose={() => {
            setInputs(null);
            setError(null);
          }}
        />
      ) : null}
    </>
  );
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMe } from '@/features/auth/useMe';
import { errorMessage } from '@/lib/errors';
import { can, readOnlyHint } from '@/lib/roles';
import { useTRPC } from '@/lib/trpc';
import buttonCss from '@/ui/button.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, SkeletonGrid } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import { NameDialog } from './NameDialog';
import { WorkflowCard } from './WorkflowCard';
import styles from './workflows.module.css';

type Prompt = { kind: 'new' } | { kind: 'customize'; template: string };

export function WorkflowsScreen() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const templates = useQuery(trpc.templates.list.queryOptions());
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const { role } = useMe();
  const mayEdit = can(role, 'edit');
  const mayRun = can(role, 'operate');
  const [promptError, setPromptError] = useState<string | null>(null);

  const customize = useMutation(
    trpc.templates.customize.mutationOptions({
      onSuccess: (copied) => {
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
        router.push(`/workflows/${copied.name}`);
      },
      onError: (e) => setPromptError(errorMessage(e)),
    }),
  );

  const workspace = (workflows.data ?? []).filter((w) => w.origin === 'workspace');
  const shownTemplates = workflows.data?.filter((w) => w.origin === 'template') ?? [];
  // Templates a workspace workflow overrides are hidden from workflows.list; still offer them.
  const overridden = (templates.data ?? []).filter(
    (t) => !shownTemplates.some((s) => s.name === t.name),
  );

  // Someone who may not run sees why in place of the Run buttons.
  const runHint = mayRun ? null : (readOnlyHint(role, 'operate') ?? '');

  function closePrompt() {
    setPrompt(null);
    setPromptError(null);
  }

  function submitName(name: string) {
    if (!prompt) return;
    if (prompt.kind === 'customize') {
      customize.mutate({ template: prompt.template, as: name });
      return;
    }
    if (workflows.data?.some((w) => w.name === name && w.origin === 'workspace')) {
      setPromptError(`A workflow named "${name}" already exists.`);
      return;
    }
    router.push(`/workflows/${name}?new=1`);
  }

  return (
    <div className={layoutCss.page}>
      <div className={layoutCss.pageHead}>
        <div>
          <h1>Workflows</h1>
          <p>Each workflow is an arc: its steps are beats, a failure is a tension point.</p>
        </div>
        {mayEdit ? (
          <button
            type="button"
            className={`${buttonCss.btn} ${buttonCss.btnPrimary}`}
            onClick={() => setPrompt({ kind: 'new' })}
            data-testid="new-workflow"
          >
            + New workflow
          </button>
        ) : role ? (
          <span className={textCss.muted} data-testid="read-only-hint">
            {readOnlyHint(role, 'edit')}
          </span>
        ) : null}
      </div>

      {workflows.isPending ? (
        <SkeletonGrid count={6} />
      ) : workflows.isError ? (
        <div className={layoutCss.card}>
          <ErrorState
            title="Could not load the workflows"
            error={workflows.error}
            onRetry={() => void workflows.refetch()}
          />
        </div>
      ) : (
        <>
          <h2 className={styles.sectionTitle}>
            Your workspace <span className={styles.count}>{workspace.length}</span>
          </h2>
          {workspace.length === 0 ? (
            <div className={layoutCss.card}>
              <EmptyState
                title="No workflows of your own yet"
                action={
                  mayEdit ? (
                    <button
                      type="button"
                      className={`${buttonCss.btn} ${buttonCss.btnSm}`}
                      onClick={() => setPrompt({ kind: 'new' })}
                    >
                      Create one
                    </button>
                  ) : undefined
                }
              >
                Start a new workflow, or customize one of the templates below: it is copied into
                .mia/workflows/ for you to change.
              </EmptyState>
            </div>
          ) : (
            <div className={layoutCss.grid}>
              {workspace.map((w) => (
                <WorkflowCard key={w.name} workflow={w} runHint={runHint} editable={mayEdit} />
              ))}
            </div>
          )}

          <h2 className={styles.sectionTitle}>
            Templates{' '}
            <span className={styles.count}>{shownTemplates.length + overridden.length}</span>
          </h2>
          <div className={layoutCss.grid}>
            {shownTemplates.map((w) => (
              <WorkflowCard
                key={w.name}
                workflow={w}
                runHint={runHint}
                onCustomize={
                  mayEdit ? () => setPrompt({ kind: 'customize', template: w.name }) : undefined
                }
              />
            ))}
            {overridden.map((t) => (
              <WorkflowCard
                key={`template-${t.name}`}
                workflow={t}
                runHint={runHint}
                onCustomize={
                  mayEdit ? () => setPrompt({ kind: 'customize', template: t.name }) : undefined
                }
              />
            ))}
          </div>
        </>
      )}

      {prompt ? (
        <NameDialog
          title={prompt.kind === 'new' ? 'New workflow' : `Customize ${prompt.template}`}
          hint={
            prompt.kind === 'new'
              ? 'It opens in the editor with a starter arc; nothing is written until you save.'
              : 'The template is copied into your workspace under this name.'
          }
          submitLabel={prompt.kind === 'new' ? 'Open editor' : 'Customize'}
          defaultName={prompt.kind === 'customize' ? `my-${prompt.template}` : undefined}
          busy={customize.isPending}
          error={promptError}
          onSubmit={submitName}
          onClose={closePrompt}
        />
      ) : null}
    </div>
  );
}

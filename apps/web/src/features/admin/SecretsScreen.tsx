'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SecretJson } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { timeAgo } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import badgeCss from '@/ui/Badges.module.css';
import buttonCss from '@/ui/button.module.css';
import { Dialog } from '@/ui/Dialog';
import formCss from '@/ui/form.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import tableCss from '@/ui/table.module.css';
import textCss from '@/ui/text.module.css';
import styles from './admin.module.css';
import { SetSecretDialog } from './SetSecretDialog';

/** How a workflow reads a secret (a literal, not a template). */
const SECRET_REFERENCE = '$' + '{{ secrets.NAME }}';

/**
 * The secrets workflows read as `${{ secrets.NAME }}`: names, scope and when they changed —
 * never values. Set one (a value is written, never shown again) or delete one.
 */
export function SecretsScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const secrets = useQuery(trpc.secrets.list.queryOptions());
  const [setting, setSetting] = useState<{ name: string; workflow: string } | null>(null);
  const [deleting, setDeleting] = useState<SecretJson | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = {
    onSuccess: () => {
      void queryClient.invalidateQueries(trpc.secrets.list.pathFilter());
      setSetting(null);
      setDeleting(null);
      setError(null);
    },
    onError: (e: unknown) => setError(errorMessage(e)),
  };
  const set = useMutation(trpc.secrets.set.mutationOptions(done));
  const remove = useMutation(trpc.secrets.delete.mutationOptions(done));
  const scope = (s: { workflow: string | null }) => (s.workflow ? { workflow: s.workflow } : {});

  return (
    <>
      <div className={styles.bar}>
        <p>
          Values workflows use as <code>{SECRET_REFERENCE}</code>, encrypted at rest and masked in
          every log. A secret for one workflow overrides one for all workflows.
        </p>
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnPrimary}`}
          data-testid="new-secret"
          onClick={() => {
            setError(null);
            setSetting({ name: '', workflow: '' });
          }}
        >
          + Set a secret
        </button>
      </div>
      <div className={layoutCss.card}>
        {secrets.isPending ? (
          <LoadingState label="Loading the secrets…" />
        ) : secrets.isError ? (
          <ErrorState
            title="Could not load the secrets"
            error={secrets.error}
            onRetry={() => void secrets.refetch()}
          />
        ) : secrets.data.length === 0 ? (
          <EmptyState title="No secrets yet">
            Set one here, or on the server: <code>arcflow secret set NAME</code> reads the value
            from stdin.
          </EmptyState>
        ) : (
          <div className={tableCss.scroll}>
            <table className={tableCss.table} data-testid="secrets-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Scope</th>
                  <th>Value</th>
                  <th>Updated</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {secrets.data.map((secret) => (
                  <tr
                    key={`${secret.workflow ?? ''}/${secret.name}`}
                    data-testid={`secret-${secret.name}`}
                  >
                    <td className={textCss.mono}>{secret.name}</td>
                    <td>
                      {secret.workflow ? (
                        <span className={textCss.mono}>{secret.workflow}</span>
                      ) : (
                        <span className={badgeCss.badge}>all workflows</span>
                      )}
                    </td>
                    <td className={textCss.muted} aria-label="hidden">
                      ••••••••
                    </td>
                    <td className={tableCss.nowrap}>
                      {timeAgo(secret.updatedAt)}
                      {secret.updatedBy ? (
                        <span className={tableCss.sub}>by {secret.updatedBy}</span>
                      ) : null}
                    </td>
                    <td className={tableCss.actions}>
                      <button
                        type="button"
                        className={`${buttonCss.btn} ${buttonCss.btnSm}`}
                        onClick={() => {
                          setError(null);
                          setSetting({ name: secret.name, workflow: secret.workflow ?? '' });
                        }}
                      >
                        New value
                      </button>
                      <button
                        type="button"
                        className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnDanger}`}
                        onClick={() => {
                          setError(null);
                          setDeleting(secret);
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {setting ? (
        <SetSecretDialog
          initial={setting}
          busy={set.isPending}
          error={error}
          onSet={(input) => set.mutate(input)}
          onClose={() => {
            setSetting(null);
            setError(null);
          }}
        />
      ) : null}
      {deleting ? (
        <Dialog
          title={`Delete ${deleting.name}?`}
          hint={
            deleting.workflow
              ? `Runs of ${deleting.workflow} that read it fall back to a secret for all workflows, or fail validation.`
              : 'Workflows that read it fail validation until it is set again.'
          }
          submitLabel="Delete"
          busy={remove.isPending}
          error={error}
          onSubmit={() => remove.mutate({ name: deleting.name, ...scope(deleting) })}
          onClose={() => {
            setDeleting(null);
            setError(null);
          }}
          testId="delete-secret-dialog"
        >
          <p className={textCss.muted} style={{ margin: 0 }}>
            The value is erased; it cannot be recovered.
          </p>
        </Dialog>
      ) : null}
      {error && !setting && !deleting ? (
        <p className={formCss.formError} role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useMe } from '@/features/auth/useMe';
import type { TokenJson } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import buttonCss from '@/ui/button.module.css';
import formCss from '@/ui/form.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import { CreateTokenDialog } from './CreateTokenDialog';
import { NewTokenBanner } from './NewTokenBanner';
import { RevokeTokenDialog } from './RevokeTokenDialog';
import { TokenTable } from './TokenTable';

/** The signed-in person's API tokens: create one (shown once), revoke one. */
export function AccountTokensScreen() {
  const { me } = useMe();
  const isLocal = me?.mode === 'local';
  // The local person has no tokens: the runner says so with PRECONDITION_FAILED.
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery({
    ...trpc.tokens.mine.queryOptions(),
    enabled: me !== undefined && !isLocal,
  });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<TokenJson | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refreshTokens = () => {
    void queryClient.invalidateQueries(trpc.tokens.mine.pathFilter());
    // An admin's own tokens are in the list of all tokens too.
    void queryClient.invalidateQueries(trpc.tokens.list.pathFilter());
  };
  const create = useMutation(
    trpc.tokens.createMine.mutationOptions({
      onSuccess: ({ token }) => {
        refreshTokens();
        setCreating(false);
        setCreated(token);
        setError(null);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const revoke = useMutation(
    trpc.tokens.revokeMine.mutationOptions({
      onSuccess: () => {
        refreshTokens();
        setRevoking(null);
        setError(null);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  return (
    <div className={layoutCss.page}>
      <div className={layoutCss.pageHead}>
        <div>
          <h1>Your tokens</h1>
          <p>
            API tokens let scripts and CI call this runner as you
            {me?.actor ? ` (${me.actor.name}, ${me.actor.role})` : ''}.
          </p>
        </div>
        {isLocal ? null : (
          <button
            type="button"
            className={`${buttonCss.btn} ${buttonCss.btnPrimary}`}
            onClick={() => {
              setError(null);
              setCreating(true);
            }}
            data-testid="new-token-button"
          >
            + New token
          </button>
        )}
      </div>
      {created ? <NewTokenBanner token={created} onDismiss={() => setCreated(null)} /> : null}
      {error && !creating && !revoking ? (
        <p className={formCss.formError} role="alert" style={{ marginBottom: 12 }}>
          {error}
        </p>
      ) : null}
      <div className={layoutCss.card}>
        {isLocal ? (
          <EmptyState title="No tokens in local mode">
            In local mode the runner only answers this machine and everything happens as you. Tokens
            belong to signed-in people: start the runner with <code>--team</code>.
          </EmptyState>
        ) : tokens.isPending ? (
          <LoadingState label="Loading your tokens…" />
        ) : tokens.isError ? (
          <ErrorState
            title="Could not load your tokens"
            error={tokens.error}
            onRetry={() => void tokens.refetch()}
          />
        ) : tokens.data.length === 0 ? (
          <EmptyState title="No tokens yet">
            Create one for a script or a CI job; it is shown once.
          </EmptyState>
        ) : (
          <TokenTable
            tokens={tokens.data}
            showOwner={false}
            revoking={revoke.isPending ? (revoking?.id ?? null) : null}
            onRevoke={(token) => {
              setError(null);
              setRevoking(token);
            }}
          />
        )}
      </div>
      {creating ? (
        <CreateTokenDialog
          busy={create.isPending}
          error={error}
          onCreate={(input) => create.mutate(input)}
          onClose={() => {
            setCreating(false);
            setError(null);
          }}
        />
      ) : null}
      {revoking ? (
        <RevokeTokenDialog
          token={revoking}
          busy={revoke.isPending}
          error={error}
          onRevoke={() => revoke.mutate({ id: revoking.id })}
          onClose={() => {
            setRevoking(null);
            setError(null);
          }}
        />
      ) : null}
    </div>
  );
}

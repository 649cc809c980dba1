'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { RevokeTokenDialog } from '@/features/account/RevokeTokenDialog';
import { TokenTable } from '@/features/account/TokenTable';
import type { TokenJson } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import styles from './admin.module.css';

/** Every API token on this runner, whoever owns it; revoke any. */
export function TokensScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const [revoking, setRevoking] = useState<TokenJson | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.tokens.list.pathFilter());
        void queryClient.invalidateQueries(trpc.tokens.mine.pathFilter());
        setRevoking(null);
        setError(null);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  return (
    <>
      <div className={styles.bar}>
        <p>
          Every API token, whoever owns it. People create their own under <em>Your tokens</em>; on
          the server, <code>arcflow token create --user alice --expires 30d</code>.
        </p>
      </div>
      <div className={layoutCss.card}>
        {tokens.isPending ? (
          <LoadingState label="Loading the tokens…" />
        ) : tokens.isError ? (
          <ErrorState
            title="Could not load the tokens"
            error={tokens.error}
            onRetry={() => void tokens.refetch()}
          />
        ) : tokens.data.length === 0 ? (
          <EmptyState title="No tokens">Nobody has created an API token yet.</EmptyState>
        ) : (
          <TokenTable
            tokens={tokens.data}
            showOwner
            revoking={revoke.isPending ? (revoking?.id ?? null) : null}
            onRevoke={(token) => {
              setError(null);
              setRevoking(token);
            }}
          />
        )}
      </div>
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
    </>
  );
}

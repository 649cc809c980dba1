'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useMe } from '@/features/auth/useMe';
import { errorMessage } from '@/lib/errors';
import { can, readOnlyHint } from '@/lib/roles';
import { useTRPC } from '@/lib/trpc';
import buttonCss from '@/ui/button.module.css';
import formCss from '@/ui/form.module.css';
import { ErrorState, LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import styles from './deliveries.module.css';
import { payloadText } from './delivery-format';
import type { DeliveryDetail as Detail } from './types';

/**
 * One delivery opened in the list: its headers (stored without secrets), its body, and
 * Redeliver (operators and up), which processes it again and shows the new delivery.
 */
export function DeliveryDetail({
  id,
  onRedelivered,
  onOpen,
}: {
  id: string;
  /** The new delivery a redeliver made (the list marks it). */
  onRedelivered: (delivery: Detail) => void;
  /** Opens another delivery in the list. */
  onOpen: (id: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { role } = useMe();
  const delivery = useQuery(trpc.deliveries.get.queryOptions({ id }));
  const redeliver = useMutation(
    trpc.deliveries.redeliver.mutationOptions({
      onSuccess: (result) => {
        void queryClient.invalidateQueries(trpc.deliveries.list.pathFilter());
        void queryClient.invalidateQueries(trpc.runs.list.pathFilter());
        onRedelivered(result.delivery);
      },
    }),
  );

  if (delivery.isPending) return <LoadingState label="Loading the delivery…" />;
  if (delivery.isError) {
    return (
      <ErrorState
        title="Could not load the delivery"
        error={delivery.error}
        onRetry={() => void delivery.refetch()}
      />
    );
  }
  const d = delivery.data;
  const headers = Object.entries(d.headers).sort(([a], [b]) => a.localeCompare(b));
  const body = payloadText(d.payload);
  const hint = readOnlyHint(role, 'operate');

  return (
    <div className={styles.detail} data-testid="delivery-detail">
      <div className={styles.detailBar}>
        <span className={textCss.muted}>
          Delivery <span className={textCss.mono}>{d.deliveryId}</span>
          {d.redeliveryOf ? ' · a redelivery' : ''}
        </span>
        {can(role, 'operate') ? (
          <button
            type="button"
            className={`${buttonCss.btn} ${buttonCss.btnSm}`}
            disabled={redeliver.isPending}
            onClick={() => redeliver.mutate({ id: d.id })}
            data-testid="redeliver"
            title="Process this delivery again, against the workflows as they are now"
          >
            {redeliver.isPending ? 'Redelivering…' : 'Redeliver'}
          </button>
        ) : hint ? (
          <span className={`${textCss.muted} ${styles.hint}`} data-testid="read-only-hint">
            {hint}
          </span>
        ) : null}
      </div>
      {redeliver.isError ? (
        <p className={formCss.formError} role="alert">
          {errorMessage(redeliver.error)}
        </p>
      ) : null}
      {redeliver.data ? (
        <p className={styles.redelivered} role="status" data-testid="redelivered">
          Redelivered as{' '}
          <button
            type="button"
            className={`${styles.linkButton} ${textCss.mono}`}
            onClick={() => onOpen(redeliver.data.delivery.id)}
            title="Open the new delivery"
          >
            {redeliver.data.delivery.deliveryId}
          </button>{' '}
          ({redeliver.data.delivery.verdict}
          {redeliver.data.delivery.reason ? `: ${redeliver.data.delivery.reason}` : ''})
          {redeliver.data.runIds.length > 0 ? ' — started ' : ' — started no run'}
          {redeliver.data.runIds.map((runId, i) => (
            <span key={runId}>
              {i > 0 ? ', ' : ''}
              <Link href={`/runs/${runId}`} className={`${textCss.mono} ${styles.link}`}>
                {runId}
              </Link>
            </span>
          ))}
        </p>
      ) : null}
      <div className={styles.detailGrid}>
        <section className={styles.block} aria-label="Headers">
          <h3 className={styles.blockTitle}>Headers</h3>
          {headers.length === 0 ? (
            <p className={styles.none}>No headers were kept.</p>
          ) : (
            <dl className={styles.headers}>
              {headers.map(([name, value]) => (
                <div key={name} className={styles.header}>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
          <p className={styles.note}>
            Signatures and tokens are removed before a delivery is stored.
          </p>
        </section>
        <section className={styles.block} aria-label="Payload">
          <h3 className={styles.blockTitle}>
            Payload
            {d.payload ? (
              <span className={styles.kind}>{d.payload.kind === 'json' ? 'JSON' : 'text'}</span>
            ) : null}
          </h3>
          {body === null ? (
            <p className={styles.none}>No body.</p>
          ) : (
            <pre className={styles.payload} data-testid="delivery-payload">
              {body}
            </pre>
          )}
        </section>
      </div>
    </div>
  );
}

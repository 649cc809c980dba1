'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Fragment, useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import badgeCss from '@/ui/Badges.module.css';
import buttonCss from '@/ui/button.module.css';
import formCss from '@/ui/form.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import { DeliveryDetail } from './DeliveryDetail';
import styles from './deliveries.module.css';
import {
  type DeliveryFilters,
  deliveryQuery,
  isFiltered,
  NO_FILTERS,
  receivedText,
  SOURCES,
  sourceLabel,
  VERDICTS,
  verdictTone,
} from './delivery-format';
import { SourceIcon } from './SourceIcon';
import type { DeliveryCursor, DeliverySummary } from './types';

/**
 * What reached the triggers, newest first, like GitHub's "Recent Deliveries": source, event,
 * workflow, verdict and why, the runs each started. A click opens one (its id in the URL):
 * headers, payload and Redeliver.
 */
export function DeliveriesScreen() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname() ?? '/deliveries';
  const openId = useSearchParams()?.get('id') ?? null;
  const [filters, setFilters] = useState<DeliveryFilters>(NO_FILTERS);
  // One page per cursor: the first has none, each next one starts after the last shown.
  const [cursors, setCursors] = useState<(DeliveryCursor | null)[]>([null]);
  const [fresh, setFresh] = useState<string | null>(null);
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const first = useQuery(trpc.deliveries.list.queryOptions(deliveryQuery(filters, null)));
  const last = useQuery(
    trpc.deliveries.list.queryOptions(deliveryQuery(filters, cursors.at(-1) ?? null)),
  );

  const apply = (next: DeliveryFilters) => {
    setFilters(next);
    setCursors([null]);
  };
  const open = (id: string | null) =>
    router.replace(id ? `${pathname}?id=${encodeURIComponent(id)}` : pathname, { scroll: false });

  return (
    <div className={layoutCss.page}>
      <div className={layoutCss.pageHead}>
        <div>
          <h1>Deliveries</h1>
          <p>
            What webhooks, git hooks and schedules delivered, whether a workflow took it, and the
            runs it started.
          </p>
        </div>
      </div>

      <div className={styles.filters} data-testid="delivery-filters">
        <label className={styles.filter}>
          <span className={styles.filterLabel}>Source</span>
          <select
            className={formCss.input}
            value={filters.source}
            onChange={(e) =>
              apply({ ...filters, source: e.target.value as DeliveryFilters['source'] })
            }
          >
            <option value="">All sources</option>
            {SOURCES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.filter}>
          <span className={styles.filterLabel}>Verdict</span>
          <select
            className={formCss.input}
            value={filters.verdict}
            onChange={(e) =>
              apply({ ...filters, verdict: e.target.value as DeliveryFilters['verdict'] })
            }
          >
            <option value="">All verdicts</option>
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.filter}>
          <span className={styles.filterLabel}>Workflow</span>
          <select
            className={formCss.input}
            value={filters.workflow}
            onChange={(e) => apply({ ...filters, workflow: e.target.value })}
          >
            <option value="">All workflows</option>
            {(workflows.data ?? []).map((w) => (
              <option key={w.name} value={w.name}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        {isFiltered(filters) ? (
          <button
            type="button"
            className={`${buttonCss.btn} ${buttonCss.btnGhost}`}
            onClick={() => apply(NO_FILTERS)}
          >
            Clear
          </button>
        ) : null}
      </div>

      <div className={layoutCss.card}>
        {first.isPending ? (
          <LoadingState label="Loading the deliveries…" />
        ) : first.isError ? (
          <ErrorState
            title="Could not load the deliveries"
            error={first.error}
            onRetry={() => void first.refetch()}
          />
        ) : first.data.items.length === 0 ? (
          isFiltered(filters) ? (
            <EmptyState title="No delivery matches these filters" />
          ) : (
            <EmptyState title="No deliveries yet">
              Deliveries appear here when something calls a trigger: a webhook to{' '}
              <code>POST /hooks/&lt;workflow&gt;</code>, a GitHub or GitLab hook, a git hook or a
              schedule. Add an <code>on:</code> section to a workflow to listen for them.
            </EmptyState>
          )
        ) : (
          <>
            <div className={styles.scroll}>
              <table className={styles.table} data-testid="deliveries-table">
                <thead>
                  <tr>
                    <th>Received</th>
                    <th>Source</th>
                    <th>Event</th>
                    <th>Workflow</th>
                    <th>Verdict</th>
                    <th>Runs</th>
                  </tr>
                </thead>
                <tbody>
                  {cursors.map((cursor) => (
                    <DeliveryPage
                      key={cursor?.id ?? 'first'}
                      filters={filters}
                      cursor={cursor}
                      openId={openId}
                      fresh={fresh}
                      onToggle={(id) => open(openId === id ? null : id)}
                      onRedelivered={(id) => setFresh(id)}
                      onOpen={(id) => open(id)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            {last.data?.nextCursor || last.isFetching || last.isError ? (
              <div className={styles.more}>
                {last.isError ? (
                  <span className={formCss.formError}>Could not load more deliveries.</span>
                ) : (
                  <button
                    type="button"
                    className={`${buttonCss.btn} ${buttonCss.btnSm}`}
                    disabled={last.isFetching}
                    data-testid="deliveries-load-more"
                    onClick={() => {
                      const next = last.data?.nextCursor;
                      if (next) setCursors((c) => [...c, next]);
                    }}
                  >
                    {last.isFetching ? 'Loading…' : 'Load more'}
                  </button>
                )}
              </div>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}

function DeliveryPage({
  filters,
  cursor,
  openId,
  fresh,
  onToggle,
  onRedelivered,
  onOpen,
}: {
  filters: DeliveryFilters;
  cursor: DeliveryCursor | null;
  openId: string | null;
  fresh: string | null;
  onToggle: (id: string) => void;
  onRedelivered: (id: string) => void;
  onOpen: (id: string) => void;
}) {
  const trpc = useTRPC();
  const page = useQuery(trpc.deliveries.list.queryOptions(deliveryQuery(filters, cursor)));
  return (
    page.data?.items.map((delivery) => (
      <Fragment key={delivery.id}>
        <DeliveryRow
          delivery={delivery}
          open={openId === delivery.id}
          fresh={fresh === delivery.id}
          onToggle={() => onToggle(delivery.id)}
        />
        {openId === delivery.id ? (
          <tr className={styles.detailRow}>
            <td colSpan={6}>
              <DeliveryDetail
                id={delivery.id}
                onRedelivered={(d) => onRedelivered(d.id)}
                onOpen={onOpen}
              />
            </td>
          </tr>
        ) : null}
      </Fragment>
    )) ?? null
  );
}

function DeliveryRow({
  delivery,
  open,
  fresh,
  onToggle,
}: {
  delivery: DeliverySummary;
  open: boolean;
  fresh: boolean;
  onToggle: () => void;
}) {
  return (
    <tr
      className={`${styles.row}${open ? ` ${styles.open}` : ''}${fresh ? ` ${styles.fresh}` : ''}`}
      data-testid="delivery"
      data-delivery={delivery.deliveryId}
      data-verdict={delivery.verdict}
    >
      <td className={styles.when}>
        <button
          type="button"
          className={styles.toggle}
          onClick={onToggle}
          aria-expanded={open}
          title={delivery.receivedAt}
        >
          <span className={styles.chevron} aria-hidden="true">
            ▸
          </span>
          {receivedText(delivery.receivedAt)}
        </button>
      </td>
      <td>
        <span className={styles.source}>
          <SourceIcon source={delivery.source} />
          {sourceLabel(delivery.source)}
        </span>
        <span className={`${styles.sub} ${textCss.mono}`} title="Delivery id">
          {delivery.deliveryId}
        </span>
      </td>
      <td className={textCss.mono}>{delivery.eventKind}</td>
      <td className={textCss.mono}>
        {delivery.workflow ?? <span className={textCss.muted}>—</span>}
      </td>
      <td className={styles.verdictCell}>
        <span className={`${badgeCss.badge} tone-${verdictTone(delivery.verdict)}`}>
          {delivery.verdict}
        </span>
        {delivery.reason ? <span className={styles.reason}>{delivery.reason}</span> : null}
      </td>
      <td>
        {delivery.runIds.length === 0 ? (
          <span className={textCss.muted}>—</span>
        ) : (
          <span className={styles.runs}>
            {delivery.runIds.map((runId) => (
              <Link
                key={runId}
                href={`/runs/${runId}`}
                className={`${textCss.mono} ${styles.link}`}
              >
                {runId}
              </Link>
            ))}
          </span>
        )}
      </td>
    </tr>
  );
}

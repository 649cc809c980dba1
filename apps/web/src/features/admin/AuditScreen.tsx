'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import type { AuditEntryJson } from '@/lib/api-types';
import { toDate } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import buttonCss from '@/ui/button.module.css';
import formCss from '@/ui/form.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import tableCss from '@/ui/table.module.css';
import textCss from '@/ui/text.module.css';
import styles from './admin.module.css';
import {
  ACTION_PREFIXES,
  type AuditFilters,
  auditQuery,
  isFiltered,
  NO_FILTERS,
  originText,
  targetHref,
  targetLabel,
} from './audit-query';

/**
 * The audit trail, newest first: who did what to what, when and from where. Filters by day,
 * user and kind of action; "Load more" continues after the last entry shown.
 */
export function AuditScreen() {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  // One page per cursor: the first page has none, each next one starts after the last.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const apply = (next: AuditFilters) => {
    setFilters(next);
    setCursors([null]);
  };
  const trpc = useTRPC();
  const last = useQuery(trpc.audit.list.queryOptions(auditQuery(filters, cursors.at(-1))));
  const first = useQuery(trpc.audit.list.queryOptions(auditQuery(filters, null)));

  return (
    <>
      <FiltersForm filters={filters} onApply={apply} />
      <div className={layoutCss.card}>
        {first.isPending ? (
          <LoadingState label="Loading the audit trail…" />
        ) : first.isError ? (
          <ErrorState
            title="Could not load the audit trail"
            error={first.error}
            onRetry={() => void first.refetch()}
          />
        ) : first.data.entries.length === 0 ? (
          <EmptyState title="Nothing recorded">
            {isFiltered(filters) ? 'No entry matches these filters.' : 'No entries yet.'}
          </EmptyState>
        ) : (
          <>
            <div className={tableCss.scroll}>
              <table className={tableCss.table} data-testid="audit-table">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Who</th>
                    <th>Action</th>
                    <th>Target</th>
                    <th>From</th>
                  </tr>
                </thead>
                <tbody>
                  {cursors.map((cursor) => (
                    <AuditRows key={cursor ?? 'first'} filters={filters} cursor={cursor} />
                  ))}
                </tbody>
              </table>
            </div>
            {last.data?.nextBeforeId || last.isFetching || last.isError ? (
              <div className={styles.more}>
                {last.isError ? (
                  <span className={formCss.formError}>Could not load more entries.</span>
                ) : (
                  <button
                    type="button"
                    className={`${buttonCss.btn} ${buttonCss.btnSm}`}
                    disabled={last.isFetching}
                    data-testid="audit-load-more"
                    onClick={() => {
                      const next = last.data?.nextBeforeId;
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
    </>
  );
}

function FiltersForm({
  filters,
  onApply,
}: {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  const [draft, setDraft] = useState(filters);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className={styles.filters} onSubmit={submit} data-testid="audit-filters">
      <label className={styles.filter}>
        <span className={styles.filterLabel}>Since</span>
        <input
          type="date"
          className={formCss.input}
          value={draft.since}
          onChange={(e) => setDraft({ ...draft, since: e.target.value })}
        />
      </label>
      <label className={styles.filter}>
        <span className={styles.filterLabel}>User</span>
        <input
          className={formCss.input}
          value={draft.user}
          placeholder="username"
          autoCapitalize="none"
          spellCheck={false}
          onChange={(e) => setDraft({ ...draft, user: e.target.value })}
        />
      </label>
      <label className={styles.filter}>
        <span className={styles.filterLabel}>Action</span>
        <select
          className={formCss.input}
          value={draft.action}
          onChange={(e) => {
            // A kind of action applies at once; dates and names wait for Filter.
            const next = { ...draft, action: e.target.value };
            setDraft(next);
            onApply(next);
          }}
        >
          <option value="">All actions</option>
          {ACTION_PREFIXES.map((a) => (
            <option key={a.prefix} value={a.prefix}>
              {a.label} ({a.prefix}…)
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonCss.btn}>
        Filter
      </button>
      {isFiltered(filters) ? (
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnGhost}`}
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear
        </button>
      ) : null}
    </form>
  );
}

function AuditRows({ filters, cursor }: { filters: AuditFilters; cursor: string | null }) {
  const trpc = useTRPC();
  const page = useQuery(trpc.audit.list.queryOptions(auditQuery(filters, cursor)));
  return page.data?.entries.map((entry) => <AuditRow key={entry.id} entry={entry} />) ?? null;
}

const when = (at: string) =>
  toDate(at)?.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }) ?? at;

function AuditRow({ entry }: { entry: AuditEntryJson }) {
  const href = targetHref(entry);
  const label = targetLabel(entry);
  const target = entry.targetId ?? entry.targetType;
  return (
    <tr data-testid="audit-entry" data-action={entry.action}>
      <td className={tableCss.nowrap} title={entry.at}>
        {when(entry.at)}
      </td>
      <td>
        {entry.actorName}
        <span className={tableCss.sub}>{entry.actorKind}</span>
      </td>
      <td className={textCss.mono}>{entry.action}</td>
      <td>
        {target ? (
          <>
            {entry.targetType ? <span className={tableCss.sub}>{entry.targetType}</span> : null}
            {href ? (
              <Link href={href} className={`${styles.link} ${textCss.mono}`}>
                {label}
              </Link>
            ) : (
              <span className={textCss.mono} title={entry.targetId ?? undefined}>
                {label}
              </span>
            )}
          </>
        ) : (
          <span className={textCss.muted}>—</span>
        )}
      </td>
      <td className={tableCss.nowrap} title={entry.userAgent ?? undefined}>
        {originText(entry)}
      </td>
    </tr>
  );
}

import type { RunStatus } from '@/lib/api-types';
import { STATUS_LABEL } from '@/lib/statuses';
import buttonCss from '@/ui/button.module.css';
import formCss from '@/ui/form.module.css';
import { isFiltered, type RunFilters, STATUS_FILTERS } from './filters';
import styles from './RunsFilters.module.css';

/** The filters above the runs: a workflow select, a chip per status, Clear filters. */
export function RunsFilters({
  filters,
  workflowNames,
  onChange,
}: {
  filters: RunFilters;
  workflowNames: readonly string[];
  onChange: (next: RunFilters) => void;
}) {
  return (
    <div className={styles.filters} data-testid="runs-filters">
      <label className={styles.field}>
        <span className={styles.label}>Workflow</span>
        <select
          className={`${formCss.input} ${styles.select}`}
          value={filters.workflow ?? ''}
          onChange={(e) => onChange({ ...filters, workflow: e.target.value || undefined })}
          data-testid="filter-workflow"
        >
          <option value="">All workflows</option>
          {workflowNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <div className={styles.field}>
        <span id="runs-status-label" className={styles.label}>
          Status
        </span>
        <fieldset className={styles.chips} aria-labelledby="runs-status-label">
          <StatusChip
            label="All"
            pressed={!filters.status}
            onClick={() => onChange({ ...filters, status: undefined })}
          />
          {STATUS_FILTERS.map((status) => (
            <StatusChip
              key={status}
              status={status}
              label={STATUS_LABEL[status]}
              pressed={filters.status === status}
              onClick={() =>
                onChange({ ...filters, status: filters.status === status ? undefined : status })
              }
            />
          ))}
        </fieldset>
      </div>
      {isFiltered(filters) ? (
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnGhost} ${styles.clear}`}
          onClick={() => onChange({})}
        >
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

function StatusChip({
  status,
  label,
  pressed,
  onClick,
}: {
  status?: RunStatus;
  label: string;
  pressed: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={`${styles.chip} ${status ? `tone-${status}` : ''}`}
      aria-pressed={pressed}
      onClick={onClick}
      data-testid={`filter-status-${status ?? 'all'}`}
    >
      {status ? <span className={styles.chipDot} /> : null}
      {label}
    </button>
  );
}

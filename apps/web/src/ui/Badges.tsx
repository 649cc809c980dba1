import type { Universe } from '@/lib/api-types';
import { type AnyStatus, STATUS_LABEL } from '@/lib/statuses';

export function StatusBadge({ status }: { status: AnyStatus }) {
  return (
    <span className={`badge tone-${status}`} data-status={status}>
      <span className="dot" />
      {STATUS_LABEL[status]}
    </span>
  );
}

export function UniverseBadge({ universe }: { universe: Universe }) {
  return <span className={`badge tone-${universe}`}>{universe}</span>;
}

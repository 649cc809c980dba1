import type { Universe } from '@/lib/api-types';
import { type AnyStatus, STATUS_LABEL } from '@/lib/statuses';
import badgeCss from '@/ui/Badges.module.css';

export function StatusBadge({ status }: { status: AnyStatus }) {
  return (
    <span className={`${badgeCss.badge} tone-${status}`} data-status={status}>
      <span className={badgeCss.dot} />
      {STATUS_LABEL[status]}
    </span>
  );
}

export function UniverseBadge({ universe }: { universe: Universe }) {
  return <span className={`${badgeCss.badge} tone-${universe}`}>{universe}</span>;
}

import Link from 'next/link';
import buttonCss from '@/ui/button.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState } from '@/ui/States';

/** The workflow could not be opened: it does not exist (offer to create it), or the runner failed. */
export function EditorLoadError({
  name,
  error,
  onRetry,
}: {
  name: string;
  error: { data?: { code?: string } | null } | null;
  onRetry: () => void;
}) {
  return (
    <div className={layoutCss.page}>
      <div className={layoutCss.card}>
        {error?.data?.code === 'NOT_FOUND' ? (
          <EmptyState
            title={`No workflow named “${name}”`}
            action={
              <Link
                className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnPrimary}`}
                href={`/workflows/${name}?new=1`}
              >
                Create it
              </Link>
            }
          >
            It is neither in the workspace nor among the templates.
          </EmptyState>
        ) : (
          <ErrorState title="Could not open the workflow" error={error} onRetry={onRetry} />
        )}
      </div>
    </div>
  );
}

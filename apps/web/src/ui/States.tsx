import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/errors';
import buttonCss from '@/ui/button.module.css';
import layoutCss from '@/ui/layout.module.css';
import statesCss from '@/ui/States.module.css';

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className={statesCss.state} role="status" aria-live="polite">
      <div className={statesCss.spinner} />
      <p>{label}</p>
    </div>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className={statesCss.state}>
      <h3>{title}</h3>
      {children ? <p>{children}</p> : null}
      {action}
    </div>
  );
}

export function ErrorState({
  title = 'Something went wrong',
  error,
  onRetry,
}: {
  title?: string;
  error: unknown;
  onRetry?: () => void;
}) {
  return (
    <div className={`${statesCss.state} ${statesCss.stateError}`} role="alert">
      <h3>{title}</h3>
      <p>{errorMessage(error)}</p>
      {onRetry ? (
        <button type="button" className={`${buttonCss.btn} ${buttonCss.btnSm}`} onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function SkeletonGrid({ count = 6, height = 150 }: { count?: number; height?: number }) {
  return (
    <div className={layoutCss.grid} aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className={statesCss.skeleton} style={{ height }} />
      ))}
    </div>
  );
}

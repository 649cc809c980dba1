import { Suspense } from 'react';
import { RunsScreen } from '@/features/runs/list/RunsScreen';
import layoutCss from '@/ui/layout.module.css';
import { LoadingState } from '@/ui/States';

export const metadata = { title: 'Runs' };

export default function RunsPage() {
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <div className={layoutCss.page}>
          <LoadingState label="Loading runs…" />
        </div>
      }
    >
      <RunsScreen />
    </Suspense>
  );
}

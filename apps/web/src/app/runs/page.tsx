import { Suspense } from 'react';
import { RunsScreen } from '@/features/runs/list/RunsScreen';
import { LoadingState } from '@/ui/States';

export const metadata = { title: 'Runs' };

export default function RunsPage() {
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <div className="page">
          <LoadingState label="Loading runs…" />
        </div>
      }
    >
      <RunsScreen />
    </Suspense>
  );
}

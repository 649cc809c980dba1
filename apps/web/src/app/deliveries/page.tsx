import { Suspense } from 'react';
import { DeliveriesScreen } from '@/features/deliveries/DeliveriesScreen';
import layoutCss from '@/ui/layout.module.css';
import { LoadingState } from '@/ui/States';

export const metadata = { title: 'Deliveries' };

export default function DeliveriesPage() {
  // The open delivery lives in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <div className={layoutCss.page}>
          <LoadingState label="Loading the deliveries…" />
        </div>
      }
    >
      <DeliveriesScreen />
    </Suspense>
  );
}

import type { AppRouter } from '@arcflow/runner';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;

/** A delivery in the list (no headers, no payload) and one with them (`deliveries.get`). */
export type DeliverySummary = Outputs['deliveries']['list']['items'][number];
export type DeliveryDetail = Outputs['deliveries']['get'];
export type DeliveryPayload = DeliveryDetail['payload'];
export type DeliverySource = DeliverySummary['source'];
export type DeliveryVerdict = DeliverySummary['verdict'];
export type DeliveryQuery = NonNullable<inferRouterInputs<AppRouter>['deliveries']['list']>;
/** Where the next page starts: the last delivery of the page before. */
export type DeliveryCursor = NonNullable<Outputs['deliveries']['list']['nextCursor']>;

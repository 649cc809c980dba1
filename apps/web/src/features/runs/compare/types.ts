import type { AppRouter } from '@arcflow/runner';
import type { inferRouterOutputs } from '@trpc/server';

/** What `compare.runs` answers: both runs' headers, the rows, the divergence, the diffs. */
export type CompareResult = inferRouterOutputs<AppRouter>['compare']['runs'];
export type CompareHeader = CompareResult['a'];
export type Comparison = CompareResult['comparison'];
export type CompareRow = Comparison['rows'][number];
export type CompareSide = NonNullable<CompareRow['a']>;
export type CompareVerdict = CompareRow['verdict'];
export type Divergence = NonNullable<Comparison['firstDivergence']>;
export type DefinitionDiff = Comparison['definition'];

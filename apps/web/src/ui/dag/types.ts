import type { Universe } from '@/lib/api-types';

/** A step as the DAG draws it, with the lines it spans in the YAML (1-based). */
export interface StepNode {
  id: string;
  action: string;
  universe: Universe;
  beat: string | null;
  dependsOn: string[];
  /** Sub-workflows: the workflow a `uses:` step runs as a child run. */
  uses?: string;
  startLine: number;
  endLine: number;
}

/**
 * A set of steps drawn as one node until it is expanded. `universe` and `layers` groups come
 * from the graph itself; a `matrix` group (one step's instances) fits the same shape.
 */
export interface StepGroup {
  id: string;
  label: string;
  kind: 'universe' | 'layers' | 'matrix';
  /** Every step inside, however deep. */
  members: string[];
  /** Groups inside it (drawn when it is expanded); its members are drawn directly without. */
  children: StepGroup[];
}

/** How a large graph is grouped: the top-level groups and each step's path of groups. */
export interface Grouping {
  groups: StepGroup[];
  /** The groups a step sits in, outermost first; no entry for a step outside every group. */
  pathOf: ReadonlyMap<string, readonly string[]>;
  byId: ReadonlyMap<string, StepGroup>;
}

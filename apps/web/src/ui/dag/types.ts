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
  /** An instance of a `matrix` / `for_each` step: that step's id, and its values in words. */
  instanceOf?: string;
  instanceLabel?: string;
  /** A step written with `matrix` or `for_each`: the join that gathers its instances. */
  fanOut?: 'matrix' | 'for_each';
}

/** What a `fan-out` group is about: the join step, how it fans out, its instances. */
export interface FanOut {
  join: string;
  kind: 'matrix' | 'for_each';
  instances: string[];
}

/**
 * A set of steps drawn as one node until it is expanded. `universe` and `layers` groups come
 * from the graph itself; a `fan-out` group is one step's instances and its join.
 */
export interface StepGroup {
  id: string;
  label: string;
  kind: 'universe' | 'layers' | 'fan-out';
  /** Set on a `fan-out` group. */
  fan?: FanOut;
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
  /** Whether it groups the graph by universe and layers (not only fanned-out steps). */
  large: boolean;
}

import type { Universe } from '@/lib/api-types';

/** A step as the DAG draws it, with the lines it spans in the YAML (1-based). */
export interface StepNode {
  id: string;
  action: string;
  universe: Universe;
  beat: string | null;
  dependsOn: string[];
  startLine: number;
  endLine: number;
}

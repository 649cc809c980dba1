/** The documented shape of `arcflow show --json` (what the tests read). */
export interface RunJson {
  id: string;
  workflow: string;
  status: string;
  revisionId: string | null;
  startedBy: { name: string; userId: string | null } | null;
  steps: Array<{
    id: string;
    status: string;
    attempts: number;
    startedAt: string | null;
    finishedAt: string | null;
    universe: string;
    beat: string | null;
    outputs: Record<string, unknown> | null;
    approval?: {
      approvers: string[];
      requiredApprovals: number;
      fourEyes: boolean;
      decisions: Array<{
        decision: 'approve' | 'reject';
        by: string;
        userId: string | null;
        comment: string | null;
        at: string;
      }>;
    };
    attemptHistory: Array<{
      number: number;
      status: string;
      exitCode: number | null;
      failure: { summary?: string; details?: Record<string, unknown> } | null;
    }>;
  }>;
  events: Array<{
    seq: number;
    type: string;
    at: string;
    stepId?: string;
    story: { kind: string; text: string };
  }>;
}

export const step = (run: RunJson, id: string) => {
  const found = run.steps.find((s) => s.id === id);
  if (!found) throw new Error(`run has no step ${id}`);
  return found;
};

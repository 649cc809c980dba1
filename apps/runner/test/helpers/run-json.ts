/** The documented shape of `arcflow show --json` (what the tests read). */
export interface RunJson {
  id: string;
  workflow: string;
  status: string;
  revisionId: string | null;
  steps: Array<{
    id: string;
    status: string;
    attempts: number;
    startedAt: string | null;
    finishedAt: string | null;
    universe: string;
    beat: string | null;
    outputs: Record<string, unknown> | null;
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

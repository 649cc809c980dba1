import type { RunDetail, RunFull, StepStatus, Universe, WorkflowDetail } from '@/lib/api-types';

/** The run a card shows: whole (`runs.get`) or as its page has it (`runs.overview`). */
type ShownRun = RunFull | RunDetail;

/** How far a step got in the latest run, as the action path shows it. */
export type Mark = 'done' | 'failed' | 'waiting' | 'running' | 'not-reached';

export const MARK_LABEL: Record<Mark, string> = {
  done: 'done',
  failed: 'failed',
  waiting: 'waiting',
  running: 'running',
  'not-reached': 'not reached',
};

export interface PathNode {
  id: string;
  universe: Universe;
  beat: string;
  action: string;
  level: number;
  /** null when the workflow was never run. */
  mark: Mark | null;
  /** The step's own status, for the tooltip ("skipped", "canceled"…). */
  status: StepStatus | null;
}

export interface Tension {
  stepId: string;
  kind: 'failed' | 'rejected' | 'waiting';
  text: string;
  at: string | null;
}

export function markOf(status: StepStatus): Mark {
  switch (status) {
    case 'succeeded':
      return 'done';
    case 'failed':
      return 'failed';
    case 'waiting':
      return 'waiting';
    case 'running':
      return 'running';
    default:
      return 'not-reached';
  }
}

/**
 * The steps in topological order (graph level, then the order of the file), each marked with
 * its status in the run. Without a graph (an invalid workflow), the run's own steps.
 */
export function actionPath(
  graph: WorkflowDetail['graph'] | undefined,
  run: ShownRun | undefined,
): PathNode[] {
  const statuses = new Map(run?.steps.map((s) => [s.id, s.status]) ?? []);
  const node = (
    id: string,
    universe: Universe,
    beat: string | null,
    action: string | null,
    level: number,
  ): PathNode => {
    const status = statuses.get(id) ?? null;
    return {
      id,
      universe,
      beat: beat ?? '',
      action: action ?? '',
      level,
      status,
      mark: run ? (status ? markOf(status) : 'not-reached') : null,
    };
  };
  if (graph && graph.nodes.length > 0) {
    return graph.nodes
      .map((n, index) => ({ n, index }))
      .sort((a, b) => a.n.level - b.n.level || a.index - b.index)
      .map(({ n }) => node(n.id, n.universe, n.beat, n.action, n.level));
  }
  return (run?.steps ?? []).map((s, index) =>
    node(s.id, s.universe as Universe, s.beat ?? '', s.action ?? '', index),
  );
}

const TENSION_EVENTS = new Set(['step.failed', 'step.rejected', 'step.waiting', 'step.retrying']);

/**
 * The run's open tension points: steps that are failed (or were rejected) or waiting now,
 * each with the sentence its last such event told.
 */
export function openTensions(run: ShownRun | undefined): Tension[] {
  if (!run) return [];
  const tensions: Tension[] = [];
  for (const step of run.steps) {
    if (step.status !== 'failed' && step.status !== 'waiting') continue;
    let event = run.events.findLast((e) => e.stepId === step.id && TENSION_EVENTS.has(e.type));
    // A rejection is told twice (step.rejected, then step.failed): the reviewer's words win.
    if (event?.type === 'step.failed') {
      const before = run.events.findLast(
        (e) => e.stepId === step.id && e.seq < (event?.seq ?? 0) && e.type !== 'step.failed',
      );
      if (before?.type === 'step.rejected') event = before;
    }
    const kind =
      step.status === 'waiting'
        ? 'waiting'
        : event?.type === 'step.rejected'
          ? 'rejected'
          : 'failed';
    tensions.push({
      stepId: step.id,
      kind,
      text: event?.story.text ?? (kind === 'waiting' ? `${step.id} waits.` : `${step.id} failed.`),
      at: event ? String(event.at) : null,
    });
  }
  return tensions;
}

/** The path's steps grouped by graph level (steps of one level may run side by side). */
export function byLevel(nodes: PathNode[]): PathNode[][] {
  const levels: PathNode[][] = [];
  for (const node of nodes) {
    const last = levels.at(-1);
    if (last && last[0]?.level === node.level) last.push(node);
    else levels.push([node]);
  }
  return levels;
}

/** The last thing the run's story said (for a reality without open tension). */
export function lastSentence(run: ShownRun | undefined): string | null {
  return run?.events.at(-1)?.story.text ?? null;
}

import type { RunRecord } from '@arcflow/db';
import { isFinalRunStatus, type RunEvent } from '@arcflow/engine';
import pc from 'picocolors';
import { runToJson } from '../../runs/run-json.ts';
import { loadRunPeople } from '../../runs/run-people.ts';
import { runStateFromRecord } from '../../runs/run-state.ts';
import type { Session } from '../../session/session.ts';
import { LiveView } from '../live-view.ts';
import {
  colorStatus,
  durationBetween,
  out,
  printJson,
  STATUS_ICON,
  STORY_MARK,
  UNIVERSE_COLOR,
} from '../output.ts';
import { withRunService } from '../with-run-service.ts';

/** `arcflow show <runId>`: the run's story, or the run as JSON. */
export async function showCommand(
  runId: string,
  options: { workspace?: string; json?: boolean; follow?: boolean },
): Promise<number> {
  return withRunService(options.workspace, 'show', async (service, session) => {
    const run = await service.getRun(runId);
    if (options.follow && !options.json) return followStory(session, run);
    const events = await session.store.events.list(run.id);
    if (options.json) printJson(runToJson(run, events, await loadRunPeople(session.store, run)));
    else printStory(run, events);
    return 0;
  });
}

function printStory(run: RunRecord, events: RunEvent[]): void {
  const duration = durationBetween(run.startedAt, run.finishedAt);
  out(
    `${pc.bold(run.workflowName)} ${pc.dim('·')} run ${pc.bold(run.id)} ${pc.dim('·')} ${colorStatus(run.status)}${duration ? pc.dim(` · ${duration}`) : ''}`,
  );
  const revision = run.revisionId ? ` · revision ${run.definitionHash.slice(0, 8)}` : '';
  out(
    pc.dim(
      `started ${run.createdAt.toLocaleString()} by ${run.triggeredBy} in ${run.workspaceDir}${revision}`,
    ),
  );
  if (run.retoldFromRunId) {
    out(pc.dim(`a re-telling of run ${run.retoldFromRunId} (arcflow show ${run.retoldFromRunId})`));
  }
  if (run.parentRunId) {
    out(
      pc.dim(
        `a nested arc of run ${run.parentRunId}, its step "${run.parentStepId}" (arcflow show ${run.parentRunId})`,
      ),
    );
  }
  out();
  out(pc.bold('Beats'));
  const width = Math.max(...[...run.steps, ...run.removedSteps].map((s) => s.stepId.length));
  for (const step of run.steps) {
    const attempts = step.attemptCount > 1 ? pc.dim(` · ${step.attemptCount} attempts`) : '';
    const time = durationBetween(step.startedAt, step.finishedAt);
    const reused = step.reusedFromRunId ? pc.dim(` · reused from run ${step.reusedFromRunId}`) : '';
    out(
      `  ${STATUS_ICON[step.status]} ${step.stepId.padEnd(width)}  ${UNIVERSE_COLOR[step.universe](step.universe.padEnd(8))}  ${colorStatus(step.status)}${time ? pc.dim(` · ${time}`) : ''}${attempts}${reused}`,
    );
  }
  for (const step of run.removedSteps) {
    out(
      pc.dim(
        `  ✂ ${step.stepId.padEnd(width)}  cut from the story (the workflow no longer has it)`,
      ),
    );
  }
  out();
  out(pc.bold('Story'));
  for (const event of events) {
    if (event.story.kind === 'rising') continue;
    const at = event.at.toLocaleTimeString();
    out(`  ${pc.dim(at)}  ${STORY_MARK[event.story.kind]} ${event.story.text}`);
  }
}

/**
 * `show --follow`: tells the story of a run executed elsewhere (a runner service, another
 * terminal) as it happens, until the run ends.
 */
async function followStory(session: Session, first: RunRecord): Promise<number> {
  const view = new LiveView(process.stdout);
  view.header(
    `${pc.bold(first.workflowName)} ${pc.dim('·')} run ${pc.bold(first.id)} ${pc.dim('· following')}`,
  );
  let run = first;
  let lastSeq = 0;
  try {
    for (;;) {
      const state = runStateFromRecord(run);
      for (const event of await session.store.events.list(run.id, lastSeq)) {
        view.onEvent(event, state);
        lastSeq = event.seq;
      }
      if (isFinalRunStatus(run.status) && lastSeq >= run.lastSeq) break;
      await new Promise((resolve) => setTimeout(resolve, 400));
      run = (await session.store.runs.get(run.id)) ?? run;
    }
  } finally {
    view.stop();
  }
  out(`\nrun ${pc.bold(run.id)} ${colorStatus(run.status)}`);
  return run.status === 'succeeded' ? 0 : 1;
}

import { LeaseLostError, type RunRecord, storageFailureReason } from '@arcflow/db';
import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { executeRun, runnerId } from '../../runs/execute-run.ts';
import { runToJson } from '../../runs/run-json.ts';
import { loadRunPeople } from '../../runs/run-people.ts';
import { subWorkflowStarter } from '../../runs/sub-workflow-runs.ts';
import type { Session } from '../../session/session.ts';
import { LiveView } from '../live-view.ts';
import { err, formatDuration, printJson } from '../output.ts';

/**
 * Executes a run in this process with the live view, then prints the ending (or the run as
 * JSON). Ctrl-C cancels the run cleanly; a second Ctrl-C leaves at once.
 */
export async function followRun(
  session: Session,
  run: RunRecord,
  how: 'start' | 'resume',
  options: { json?: boolean; maxParallel?: number },
): Promise<number> {
  const stream = options.json ? process.stderr : process.stdout;
  const view = options.json && !process.stderr.isTTY ? undefined : new LiveView(stream);
  const steps = run.steps.length;
  view?.header(
    `${pc.bold(run.workflowName)} ${pc.dim('·')} run ${pc.bold(run.id)} ${pc.dim('·')} ${steps} step${steps === 1 ? '' : 's'} ${pc.dim(`· ${run.workspaceDir}`)}`,
  );
  let interrupts = 0;
  let cancel: (() => void) | undefined;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    err(pc.yellow('\ncanceling the run… (Ctrl-C again to leave now)'));
    cancel?.();
  };
  process.on('SIGINT', onSigint);
  const started = Date.now();
  try {
    const final = await executeRun(session, run, how, {
      maxParallel: options.maxParallel,
      subWorkflows: subWorkflowStarter(session, runnerId),
      onEvent: view?.onEvent,
      onLog: view?.onLog,
      onStorageTrouble: (error, attempt, delayMs) => {
        if (attempt === 1 || attempt % 3 === 0) {
          err(
            pc.yellow(
              `arcflow: cannot reach the database (${storageFailureReason(error)}); retrying in ${formatDuration(delayMs)}…`,
            ),
          );
        }
      },
      onCancelAvailable: (fn) => {
        cancel = fn;
      },
    });
    view?.stop();
    const ending =
      final.status === 'succeeded'
        ? pc.green('succeeded')
        : final.status === 'failed'
          ? pc.red('failed')
          : pc.yellow(final.status);
    if (view) {
      stream.write(
        `\nrun ${pc.bold(run.id)} ${ending} in ${formatDuration(Date.now() - started)}\n`,
      );
      if (final.status !== 'succeeded') {
        stream.write(
          pc.dim(
            `  see what broke: arcflow logs ${run.id}   ·   after the fix: arcflow resume ${run.id}\n`,
          ),
        );
      }
    }
    if (options.json) {
      const stored = await session.store.runs.get(run.id);
      if (stored) {
        const events = await session.store.events.list(run.id);
        printJson(runToJson(stored, events, await loadRunPeople(session.store, stored)));
      }
    }
    return final.status === 'succeeded' ? 0 : 1;
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (error instanceof LeaseLostError) {
      throw new UserError(
        `${error.message} (this one held it longer than its lease without renewing); its steps stopped here and go on there. ` +
          `Follow it with \`arcflow show ${run.id} --follow\`.`,
        1,
        { cause: error },
      );
    }
    throw new UserError(
      `run ${run.id} stopped: storage failed (${storageFailureReason(error)}). ` +
        `Its steps were stopped; once the database is back, \`arcflow resume ${run.id}\` picks up where it broke.`,
      1,
      { cause: error },
    );
  } finally {
    view?.stop();
    process.off('SIGINT', onSigint);
  }
}

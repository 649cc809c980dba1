import { storageFailureReason } from '@arcflow/db';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UserError } from '../errors.ts';
import { cancelCommand } from './commands/cancel.ts';
import { decideCommand } from './commands/decide.ts';
import { initCommand } from './commands/init.ts';
import { logsCommand } from './commands/logs.ts';
import { resumeCommand } from './commands/resume.ts';
import { runCommand } from './commands/run.ts';
import { runsCommand } from './commands/runs.ts';
import { parsePort, serveCommand } from './commands/serve.ts';
import { showCommand } from './commands/show.ts';
import { validateCommand } from './commands/validate.ts';
import { workflowsCommand } from './commands/workflows.ts';
import { err } from './output.ts';

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

const workspaceOption = () =>
  new Option('-w, --workspace <dir>', 'the project directory (default: the current directory)');

const collect = (value: string, previous: string[]) => [...previous, value];

let exitCode = 0;
const setExit = (code: number) => {
  exitCode = code;
};

const program = new Command('arcflow')
  .description(
    'Run software-development workflows as narrative arcs: validate, run, watch, resume.',
  )
  .version('0.1.0')
  .showSuggestionAfterError(true)
  .exitOverride()
  .configureOutput({
    writeErr: (text) => process.stderr.write(text.replace(/^error: /, 'arcflow: ')),
  });

program
  .command('validate')
  .description('check a workflow; prints every problem as file:line:col: message')
  .argument('<workflow>', 'a workflow file, or a name from .mia/workflows/ or the templates')
  .addOption(workspaceOption())
  .option('--json', 'print the diagnostics as JSON')
  .action(async (ref, options) => setExit(await validateCommand(ref, options)));

program
  .command('run')
  .description('run a workflow to the end, showing its story live')
  .argument('<workflow>', 'a workflow file, or a name from .mia/workflows/ or the templates')
  .addOption(workspaceOption())
  .option('--json', 'print the finished run as JSON (the shape of `show --json`)')
  .option('--max-parallel <n>', 'run at most n steps at once', positiveInt)
  .option('-i, --input <name=value>', 'a workflow input (repeatable)', collect, [])
  .action(async (ref, options) => setExit(await runCommand(ref, options)));

program
  .command('resume')
  .description('resume a failed or canceled run: only what did not succeed runs again')
  .argument('<runId>')
  .addOption(workspaceOption())
  .option('--json', 'print the finished run as JSON')
  .option('--max-parallel <n>', 'run at most n steps at once', positiveInt)
  .action(async (runId, options) => setExit(await resumeCommand(runId, options)));

program
  .command('show')
  .description("tell a run's story: its steps and every event")
  .argument('<runId>')
  .addOption(workspaceOption())
  .option('--json', 'print the run as JSON')
  .option('-f, --follow', 'keep telling the story as it happens, until the run ends')
  .action(async (runId, options) => setExit(await showCommand(runId, options)));

program
  .command('runs')
  .description('list runs, newest first')
  .addOption(workspaceOption())
  .option('--json', 'print a JSON array')
  .option('--workflow <name>', 'only runs of this workflow')
  .addOption(
    new Option('--status <status>', 'only runs with this status').choices([
      'queued',
      'running',
      'waiting',
      'succeeded',
      'failed',
      'canceled',
    ]),
  )
  .option('--limit <n>', 'at most n runs (default 20)', positiveInt)
  .action(async (options) => setExit(await runsCommand(options)));

program
  .command('logs')
  .description("print a run's logs, or one step's")
  .argument('<runId>')
  .argument('[stepId]')
  .addOption(workspaceOption())
  .option('--attempt <n>', 'only this attempt (default: every attempt)', positiveInt)
  .action(async (runId, stepId, options) => setExit(await logsCommand(runId, stepId, options)));

program
  .command('cancel')
  .description('cancel a running run: pending steps are canceled, running ones stopped')
  .argument('<runId>')
  .addOption(workspaceOption())
  .action(async (runId, options) => setExit(await cancelCommand(runId, options)));

for (const decision of ['approve', 'reject'] as const) {
  program
    .command(decision)
    .description(`${decision} a ceremony step that is waiting for people`)
    .argument('<runId>')
    .argument('<stepId>')
    .addOption(workspaceOption())
    .option('-m, --comment <text>', 'why; it becomes part of the story')
    .option('--as <name>', 'who decides (default: git user.name, else your login)')
    .action(async (runId, stepId, options) =>
      setExit(await decideCommand(decision, runId, stepId, options)),
    );
}

program
  .command('init')
  .description('copy a template into .mia/workflows/ to make it your own')
  .argument('<template>', 'a template name (see `arcflow workflows`)')
  .addOption(workspaceOption())
  .option('--as <name>', 'the name of the new workflow (default: the template name)')
  .option('--force', 'overwrite an existing workflow of that name')
  .action(async (template, options) => setExit(await initCommand(template, options)));

program
  .command('workflows')
  .description('list the workflows this workspace can run (its own and the templates)')
  .addOption(workspaceOption())
  .option('--json', 'print a JSON array')
  .action(async (options) => setExit(await workflowsCommand(options)));

program
  .command('serve')
  .description(
    'run the runner service: the tRPC API (HTTP + WebSocket) and a worker that executes runs',
  )
  .addOption(workspaceOption())
  .option(
    '--host <host>',
    'the address to listen on (other than loopback needs ARCFLOW_TOKEN)',
    '127.0.0.1',
  )
  .option('--port <port>', 'the port to listen on (0: any free port)', parsePort, 4100)
  .option('--capacity <n>', 'how many runs this runner executes at once (default 4)', positiveInt)
  .option(
    '--lease-ms <ms>',
    'how long a claimed run stays ours without renewal (default ARCFLOW_LEASE_MS)',
    positiveInt,
  )
  .action(async (options) => setExit(await serveCommand(options)));

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; every usage mistake exits 2
      exitCode = error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof UserError) {
      err(`arcflow: ${error.message}`);
      exitCode = error.exitCode;
    } else if (error instanceof Error && error.name.startsWith('PrismaClient')) {
      err(`arcflow: the database failed mid-command: ${storageFailureReason(error)}`);
      err('arcflow: run the command again once the database answers (check DATABASE_URL).');
      exitCode = 2;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      err(`arcflow: unexpected error: ${message}`);
      if (process.env.ARCFLOW_DEBUG) err(error instanceof Error ? (error.stack ?? '') : '');
      else err('arcflow: set ARCFLOW_DEBUG=1 to see where it happened, and please report it.');
      exitCode = 1;
    }
  }
  // Exit explicitly: a lingering handle (a pool socket, a timer) must not keep the CLI alive.
  process.exit(exitCode);
}

await main();

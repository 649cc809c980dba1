// The CLI's entry point. It loads only commander up front: each command imports its own
// modules when it runs, so `arcflow --version` and `arcflow validate` never load Prisma,
// the server or the actions.
import { Command, Option } from 'commander';
import { collect, parsePort, positiveInt } from './arguments.ts';
import { limitMemoryGrowth } from './memory-flags.ts';
import { reportFailure } from './report-failure.ts';
import { CLI_VERSION } from './version.ts';

const workspaceOption = () =>
  new Option('-w, --workspace <dir>', 'the project directory (default: the current directory)');

limitMemoryGrowth();

let exitCode = 0;
const setExit = (code: number) => {
  exitCode = code;
};

const program = new Command('arcflow')
  .description(
    'Run software-development workflows as narrative arcs: validate, run, watch, resume.',
  )
  .version(CLI_VERSION)
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
  .action(async (ref, options) => {
    const { validateCommand } = await import('./commands/validate.ts');
    setExit(await validateCommand(ref, options));
  });

program
  .command('run')
  .description('run a workflow to the end, showing its story live')
  .argument('<workflow>', 'a workflow file, or a name from .mia/workflows/ or the templates')
  .addOption(workspaceOption())
  .option('--json', 'print the finished run as JSON (the shape of `show --json`)')
  .option('--max-parallel <n>', 'run at most n steps at once', positiveInt)
  .option('-i, --input <name=value>', 'a workflow input (repeatable)', collect, [])
  .option('--no-cache', 'run steps with cache: even when nothing they read changed')
  .action(async (ref, options) => {
    const { runCommand } = await import('./commands/run.ts');
    setExit(await runCommand(ref, options));
  });

const retellOptions = (command: Command) =>
  command
    .addOption(workspaceOption())
    .option(
      '-y, --yes',
      'acknowledge irreversible effects that would happen again (merge, tag, deploy…)',
    )
    .option('--dry-run', 'show the resolution preview (what would run, in order) and stop')
    .option('--json', 'print the finished run (with --dry-run: the preview) as JSON')
    .option('--max-parallel <n>', 'run at most n steps at once', positiveInt)
    .option('--no-cache', 'run steps with cache: even when nothing they read changed');

retellOptions(
  program
    .command('resume')
    .description(
      'resume a failed or canceled run: what did not succeed runs again; with --latest, on the workflow as it is now',
    )
    .argument('<runId>')
    .option(
      '--latest',
      'go on with the current definition: changed and new steps run, removed ones are cut',
    ),
).action(async (runId, options) => {
  const { retellCommand } = await import('./commands/retell.ts');
  setExit(await retellCommand({ kind: 'resume', runId, latest: options.latest === true }, options));
});

retellOptions(
  program
    .command('retry')
    .description(
      'tell one step of a run again, even a succeeded one, as a new attempt in the same run',
    )
    .argument('<runId>')
    .argument('<step>')
    .option('--downstream', 'also every step that depends on it'),
).action(async (runId, step, options) => {
  const { retellCommand } = await import('./commands/retell.ts');
  setExit(
    await retellCommand(
      { kind: 'retry', runId, step, downstream: options.downstream === true },
      options,
    ),
  );
});

retellOptions(
  program
    .command('rerun')
    .description(
      'start a new run re-telling a run: it reuses the results of the steps it does not run',
    )
    .argument('<runId>')
    .option('--from <step>', 'run this step and everything downstream of it')
    .option('--only <step...>', 'run only these steps (and what has no result to reuse)')
    .option('--latest', 'run with the current definition; what changed runs too'),
).action(async (runId, options) => {
  const { retellCommand } = await import('./commands/retell.ts');
  setExit(
    await retellCommand(
      {
        kind: 'rerun',
        runId,
        ...(options.from !== undefined ? { from: options.from } : {}),
        ...(options.only !== undefined ? { only: options.only } : {}),
        latest: options.latest === true,
      },
      options,
    ),
  );
});

program
  .command('show')
  .description("tell a run's story: its steps and every event")
  .argument('<runId>')
  .addOption(workspaceOption())
  .option('--json', 'print the run as JSON')
  .option('-f, --follow', 'keep telling the story as it happens, until the run ends')
  .action(async (runId, options) => {
    const { showCommand } = await import('./commands/show.ts');
    setExit(await showCommand(runId, options));
  });

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
  .action(async (options) => {
    const { runsCommand } = await import('./commands/runs.ts');
    setExit(await runsCommand(options));
  });

program
  .command('logs')
  .description("print a run's logs, or one step's")
  .argument('<runId>')
  .argument('[stepId]')
  .addOption(workspaceOption())
  .option('--attempt <n>', 'only this attempt (default: every attempt)', positiveInt)
  .option('--tail <n>', 'only the last n lines of each attempt', positiveInt)
  .option(
    '-f, --follow',
    'then print new lines as they are written, until the step (or the run) ends; exits 1 if it did not succeed',
  )
  .action(async (runId, stepId, options) => {
    const { logsCommand } = await import('./commands/logs.ts');
    setExit(await logsCommand(runId, stepId, options));
  });

program
  .command('artifacts')
  .description("list the files a run's steps kept (artifacts:), or download them")
  .argument('<runId>')
  .addOption(workspaceOption())
  .option('--json', 'print a JSON array')
  .option('--download <dir>', 'write each file to <dir>/<step>/<path>')
  .action(async (runId, options) => {
    const { artifactsCommand } = await import('./commands/artifacts.ts');
    setExit(await artifactsCommand(runId, options));
  });

program
  .command('delete')
  .description('delete a run that has ended, with its events, logs and artifacts')
  .argument('<runId>')
  .addOption(workspaceOption())
  .action(async (runId, options) => {
    const { deleteRunCommand } = await import('./commands/delete-run.ts');
    setExit(await deleteRunCommand(runId, options));
  });

program
  .command('cancel')
  .description('cancel a running run: pending steps are canceled, running ones stopped')
  .argument('<runId>')
  .addOption(workspaceOption())
  .action(async (runId, options) => {
    const { cancelCommand } = await import('./commands/cancel.ts');
    setExit(await cancelCommand(runId, options));
  });

for (const decision of ['approve', 'reject'] as const) {
  program
    .command(decision)
    .description(`${decision} a ceremony step that is waiting for people`)
    .argument('<runId>')
    .argument('<stepId>')
    .addOption(workspaceOption())
    .option('-m, --comment <text>', 'why; it becomes part of the story')
    .option(
      '--as <name>',
      'no longer accepted: you decide as yourself (git user.name, else your login)',
    )
    .action(async (runId, stepId, options) => {
      const { decideCommand } = await import('./commands/decide.ts');
      setExit(await decideCommand(decision, runId, stepId, options));
    });
}

program
  .command('init')
  .description('copy a template into .mia/workflows/ to make it your own')
  .argument('<template>', 'a template name (see `arcflow workflows`)')
  .addOption(workspaceOption())
  .option('--as <name>', 'the name of the new workflow (default: the template name)')
  .option('--force', 'overwrite an existing workflow of that name')
  .action(async (template, options) => {
    const { initCommand } = await import('./commands/init.ts');
    setExit(await initCommand(template, options));
  });

program
  .command('workflows')
  .description('list the workflows this workspace can run (its own and the templates)')
  .addOption(workspaceOption())
  .option('--json', 'print a JSON array')
  .action(async (options) => {
    const { workflowsCommand } = await import('./commands/workflows.ts');
    setExit(await workflowsCommand(options));
  });

program
  .command('history')
  .description("list a workflow's revisions, newest first, with how many runs ran each")
  .argument('<workflow>', 'a workflow name or file')
  .addOption(workspaceOption())
  .option('--json', 'print a JSON array')
  .option('--limit <n>', 'at most this many (default 50)', positiveInt)
  .action(async (workflow, options) => {
    const { historyCommand } = await import('./commands/history.ts');
    setExit(await historyCommand(workflow, options));
  });

program
  .command('diff')
  .description('show what changed in a workflow between two revisions')
  .argument('<workflow>', 'a workflow name or file')
  .argument('<revA>', 'a revision (short id or hash prefix), or `current` for the file on disk')
  .argument('<revB>', 'a revision (short id or hash prefix), or `current` for the file on disk')
  .addOption(workspaceOption())
  .action(async (workflow, revA, revB, options) => {
    const { diffCommand } = await import('./commands/diff.ts');
    setExit(await diffCommand(workflow, revA, revB, options));
  });

program
  .command('compare')
  .description(
    'compare a run with the last green run of its workflow, or with another run: beat by beat, where the stories diverge, and the definition changes',
  )
  .argument('<runA>', 'the run to look at')
  .argument('[runB]', 'the run to compare it with (default: the last green run of its workflow)')
  .addOption(workspaceOption())
  .option('--json', 'print the comparison as JSON')
  .action(async (runA, runB, options) => {
    const { compareCommand } = await import('./commands/compare.ts');
    setExit(await compareCommand(runA, runB, options));
  });

const secret = program
  .command('secret')
  .description(
    "the workspace's secrets, used in workflows as secrets.NAME; values are stored encrypted and never shown",
  );

secret
  .command('set')
  .description('set a secret: the value from stdin (one trailing newline dropped), or typed unseen')
  .argument('<name>', 'capital letters, digits and _, like DEPLOY_KEY')
  .addOption(workspaceOption())
  .option('--workflow <name>', 'only for this workflow (it wins over the workspace-wide one)')
  .action(async (name, options) => {
    const { secretSetCommand } = await import('./commands/secret.ts');
    setExit(await secretSetCommand(name, options));
  });

secret
  .command('list')
  .description('list secret names, scope and who updated them when (never values)')
  .addOption(workspaceOption())
  .option('--workflow <name>', "the secrets this workflow uses (its own over the workspace's)")
  .option('--json', 'print them as JSON')
  .action(async (options) => {
    const { secretListCommand } = await import('./commands/secret.ts');
    setExit(await secretListCommand(options));
  });

secret
  .command('delete')
  .description('delete a secret')
  .argument('<name>')
  .addOption(workspaceOption())
  .option('--workflow <name>', "the workflow's own secret (default: the workspace-wide one)")
  .action(async (name, options) => {
    const { secretDeleteCommand } = await import('./commands/secret.ts');
    setExit(await secretDeleteCommand(name, options));
  });

program
  .command('audit')
  .description('print the audit trail, newest first: who did what, when, from where')
  .addOption(workspaceOption())
  .option('--json', "print one JSON object per line (JSON Lines), as the API's audit.list entries")
  .option('--since <when>', 'only entries since an age (1h, 7d, 2w) or a date (2026-12-01)')
  .option('--until <when>', 'only entries before an age or a date')
  .option('--user <username>', "only this signed-in user's actions")
  .option('--action <prefix>', 'only these actions: run. for every run action, run.start for one')
  .option('--limit <n>', 'at most n entries (default 50, at most 500)', positiveInt)
  .action(async (options) => {
    const { auditCommand } = await import('./commands/audit.ts');
    setExit(await auditCommand(options));
  });

const deliveries = program
  .command('deliveries')
  .description('list the webhooks and git hooks that arrived, newest first, with what they started')
  .addOption(workspaceOption())
  .option('--json', 'print a JSON array')
  .option('--limit <n>', 'at most n deliveries (default 20)', positiveInt)
  .action(async (options) => {
    const { deliveriesCommand } = await import('./commands/deliveries.ts');
    setExit(await deliveriesCommand(options));
  });

deliveries
  .command('redeliver')
  .description('process a delivery again as a new one, against the workflows as they are now')
  .argument('<id>', 'the delivery id from arcflow deliveries')
  .addOption(workspaceOption())
  .option('--json', 'print the new delivery and its runs as JSON')
  .action(async (id, _options, command: Command) => {
    const { redeliverCommand } = await import('./commands/deliveries.ts');
    setExit(await redeliverCommand(id, command.optsWithGlobals()));
  });

const hooks = program
  .command('hooks')
  .description(
    'local git hooks that tell a running `arcflow serve` about commits, merges and pushes',
  );

hooks
  .command('install')
  .description("add post-commit, post-merge and pre-push hooks to the workspace's git repository")
  .addOption(workspaceOption())
  .action(async (options) => {
    const { hooksInstallCommand } = await import('./commands/hooks.ts');
    setExit(await hooksInstallCommand(options));
  });

hooks
  .command('uninstall')
  .description('remove exactly what install added (a hook of your own stays as it was)')
  .addOption(workspaceOption())
  .action(async (options) => {
    const { hooksUninstallCommand } = await import('./commands/hooks.ts');
    setExit(await hooksUninstallCommand(options));
  });

hooks
  .command('deliver')
  .description('what the installed hooks run: send the commit to the runner (always exits 0)')
  .argument('<hook>', 'post-commit, post-merge or pre-push')
  .argument('[args...]', "git's arguments to the hook (ignored)")
  .addOption(workspaceOption())
  .action(async (hook, _args, options) => {
    const { hooksDeliverCommand } = await import('./commands/hooks.ts');
    setExit(await hooksDeliverCommand(hook, options));
  });

program
  .command('runners')
  .description('list the runner processes serving this database, with their labels and load')
  .addOption(workspaceOption())
  .option('--json', 'print a JSON array')
  .action(async (options) => {
    const { runnersCommand } = await import('./commands/runners.ts');
    setExit(await runnersCommand(options));
  });

program
  .command('serve')
  .description(
    'run the runner service: the tRPC API (HTTP + WebSocket) and a worker that executes runs',
  )
  .addOption(workspaceOption())
  .option(
    '--host <host>',
    'the address to listen on (other than loopback needs --team)',
    '127.0.0.1',
  )
  .option('--team', 'team mode: people sign in, roles and the audit trail apply')
  .option('--port <port>', 'the port to listen on (0: any free port)', parsePort, 4100)
  .option('--capacity <n>', 'how many runs this runner executes at once (default 4)', positiveInt)
  .option(
    '--labels <labels>',
    'comma-separated runner labels, e.g. linux,docker,gpu: runs whose runs_on it carries come here',
  )
  .option(
    '--lease-ms <ms>',
    'how long a claimed run stays ours without renewal (default ARCFLOW_LEASE_MS)',
    positiveInt,
  )
  .action(async (options) => {
    const { serveCommand } = await import('./commands/serve.ts');
    setExit(await serveCommand(options));
  });

const user = program
  .command('user')
  .description(
    'team mode: add people, change their role, disable them (writes the database directly)',
  );

user
  .command('add')
  .description('add a person and print a one-time sign-in link (valid 24 h)')
  .argument('<name>', 'their username: 3 to 30 letters, digits, "_" or "."')
  .requiredOption('--role <role>', 'viewer, operator, approver or admin')
  .option('--email <email>', 'their email, to match an OIDC sign-in (GitHub, GitLab, Google, …)')
  .option('--name <display>', 'their display name (default: the username)')
  .option('--password-stdin', 'also set a password, read from standard input')
  .addOption(workspaceOption())
  .action(async (name, options) => {
    const { userAddCommand } = await import('./commands/user.ts');
    setExit(await userAddCommand(name, options));
  });

user
  .command('list')
  .description('every person, with their role')
  .option('--json', 'print them as JSON')
  .addOption(workspaceOption())
  .action(async (options) => {
    const { userListCommand } = await import('./commands/user.ts');
    setExit(await userListCommand(options));
  });

user
  .command('set-role')
  .description("change a person's role (takes effect at once)")
  .argument('<name>')
  .argument('<role>', 'viewer, operator, approver or admin')
  .addOption(workspaceOption())
  .action(async (name, role, options) => {
    const { userSetRoleCommand } = await import('./commands/user.ts');
    setExit(await userSetRoleCommand(name, role, options));
  });

for (const [verb, enable] of [
  ['disable', false],
  ['enable', true],
] as const) {
  user
    .command(verb)
    .description(
      enable
        ? 'let a disabled person sign in again'
        : 'stop a person signing in: ends their sessions and revokes their tokens',
    )
    .argument('<name>')
    .addOption(workspaceOption())
    .action(async (name, options) => {
      const { userEnableCommand } = await import('./commands/user.ts');
      setExit(await userEnableCommand(name, enable, options));
    });
}

user
  .command('link')
  .description('print a new one-time sign-in link (valid 24 h), e.g. to reset a password')
  .argument('<name>')
  .addOption(workspaceOption())
  .action(async (name, options) => {
    const { userLinkCommand } = await import('./commands/user.ts');
    setExit(await userLinkCommand(name, options));
  });

const token = program
  .command('token')
  .description('team mode: API tokens for scripts and the CLI (writes the database directly)');

token
  .command('create')
  .description('make a token acting for a person; it is printed once')
  .requiredOption('--user <name>', 'whose rights the token has')
  .option('--expires <lifetime>', 'how long it lasts: 30d, 12h, 2w, 90m (default: no expiry)')
  .option('--name <label>', 'a label to recognise it by')
  .addOption(workspaceOption())
  .action(async (options) => {
    const { tokenCreateCommand } = await import('./commands/token.ts');
    setExit(await tokenCreateCommand(options));
  });

token
  .command('list')
  .description('tokens (never their secret part), newest first')
  .option('--user <name>', "only this person's")
  .option('--json', 'print them as JSON')
  .addOption(workspaceOption())
  .action(async (options) => {
    const { tokenListCommand } = await import('./commands/token.ts');
    setExit(await tokenListCommand(options));
  });

token
  .command('revoke')
  .description('revoke a token at once')
  .argument('<id>', 'tok_…, from arcflow token list')
  .addOption(workspaceOption())
  .action(async (id, options) => {
    const { tokenRevokeCommand } = await import('./commands/token.ts');
    setExit(await tokenRevokeCommand(id, options));
  });

async function main(): Promise<void> {
  // Output piped into a reader that stopped (`arcflow show x | head`): stop quietly, as cat does.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(exitCode);
      throw error;
    });
  }
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    exitCode = await reportFailure(error);
  }
  // Exit explicitly: a lingering handle (a pool socket, a timer) must not keep the CLI alive.
  process.exit(exitCode);
}

await main();

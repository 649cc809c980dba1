import { expect } from 'vitest';
import { type BackgroundCli, cli, cliJson, startCli } from './cli.ts';
import type { RunJson } from './run-json.ts';

/**
 * The CLI as a user drives it in one project: start a run, read its id, wait for a ceremony,
 * approve or reject it, and read the run back with `arcflow show --json`.
 */
export class CliSession {
  constructor(
    readonly dir: string,
    readonly env: Record<string, string | undefined>,
  ) {}

  private get opts() {
    return { cwd: this.dir, env: this.env };
  }

  start(args: string[]): BackgroundCli {
    return startCli(args, this.opts);
  }

  async runIdOf(running: BackgroundCli): Promise<string> {
    return (await running.waitForOutput(/run ([a-z][0-9a-z]{8})/)).split(' ')[1]!;
  }

  async show(runId: string): Promise<RunJson> {
    return (await cliJson<RunJson>(['show', runId, '--json'], this.opts)).json;
  }

  waitsFor(running: BackgroundCli, stepId: string): Promise<string> {
    return running.waitForOutput(new RegExp(`⏸ ${stepId}`), 60_000);
  }

  /**
   * `arcflow approve|reject` by the local person `as`: their git `user.name`, as on their
   * own machine (the CLI records the local person; nobody types a name).
   */
  async decide(
    verb: 'approve' | 'reject',
    runId: string,
    stepId: string,
    as: string,
    comment?: string,
  ): Promise<void> {
    const result = await cli([verb, runId, stepId, ...(comment ? ['--comment', comment] : [])], {
      cwd: this.dir,
      env: { ...this.env, ...asLocalPerson(as) },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  }
}

/** The environment that makes `name` the local person: git's `user.name`, set for one command. */
export const asLocalPerson = (name: string): Record<string, string> => ({
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'user.name',
  GIT_CONFIG_VALUE_0: name,
});

/** What a run's story last says about a step: the text of its latest event of `type`. */
export const toldOf = (run: RunJson, type: string, stepId: string): string | undefined =>
  run.events.findLast((e) => e.type === type && e.stepId === stepId)?.story.text;

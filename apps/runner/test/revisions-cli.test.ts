import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, backends } from './helpers/backends.ts';
import { cli, cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';
import { TestWorkspace } from './helpers/workspace.ts';

const V1 = `name: tale
narrative: "A tale told twice"
steps:
  - id: once
    action: noop
`;
const V2 = V1.replace('A tale told twice', 'A tale told again');

interface HistoryJson {
  id: string;
  shortId: string;
  hash: string;
  createdAt: string;
  createdBy: string;
  message: string | null;
  runs: number;
}

describe.each(backends())('workflow revisions in the CLI on $name', (backend: Backend) => {
  let ws: TestWorkspace;
  let env: Record<string, string | undefined>;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const created = await backend.create();
    ws = new TestWorkspace(created.dir);
    // the local person is git's user.name
    env = {
      ...created.env,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_VALUE_0: 'Ana Teller',
    };
    cleanup = created.cleanup;
  });
  afterEach(() => cleanup());

  const json = <T>(args: string[]) => cliJson<T>(args, { cwd: ws.dir, env });
  const run = (args: string[]) => cli(args, { cwd: ws.dir, env });

  it('pins runs to their revision: the same content run twice is one revision with two runs', async () => {
    ws.workflow('tale', V1);
    const first = await json<RunJson>(['run', 'tale', '--json']);
    const second = await json<RunJson>(['run', 'tale', '--json']);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(first.json.revisionId).toEqual(expect.any(String));
    expect(second.json.revisionId).toBe(first.json.revisionId);
    const shown = await json<RunJson>(['show', first.json.id, '--json']);
    expect(shown.json.revisionId).toBe(first.json.revisionId);

    ws.workflow('tale', V2);
    const third = await json<RunJson>(['run', 'tale', '--json']);
    expect(third.json.revisionId).not.toBe(first.json.revisionId);

    const history = await json<HistoryJson[]>(['history', 'tale', '--json']);
    expect(history.code).toBe(0);
    expect(history.json.map((r) => [r.id, r.runs, r.createdBy, r.message])).toEqual([
      [third.json.revisionId, 1, 'Ana Teller', null],
      [first.json.revisionId, 2, 'Ana Teller', null],
    ]);
    expect(history.json[0]?.shortId).toBe(history.json[0]?.hash.slice(0, 8));

    const text = await run(['history', 'tale']);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(history.json[0]!.shortId);
    expect(lines[0]).toContain('Ana Teller');
    expect(lines[0]).toContain('1 run');
    expect(lines[1]).toContain('2 runs');
  });

  it('diffs two revisions, or a revision and the file on disk', async () => {
    ws.workflow('tale', V1);
    await run(['run', 'tale', '--json']);
    ws.workflow('tale', V2);
    await run(['run', 'tale', '--json']);
    const [newer, older] = (await json<HistoryJson[]>(['history', 'tale', '--json'])).json;

    const diff = await run(['diff', 'tale', older!.shortId, newer!.hash.slice(0, 6)]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toBe(
      [
        `--- tale@${older!.shortId}`,
        `+++ tale@${newer!.shortId}`,
        '@@ -1,5 +1,5 @@',
        ' name: tale',
        '-narrative: "A tale told twice"',
        '+narrative: "A tale told again"',
        ' steps:',
        '   - id: once',
        '     action: noop',
        '',
      ].join('\n'),
    );

    ws.workflow('tale', V2.replace('noop', 'noop\n    beat: "The end"'));
    const current = await run(['diff', 'tale', newer!.shortId, 'current']);
    expect(current.code).toBe(0);
    expect(current.stdout).toContain('+    beat: "The end"');
    expect(current.stdout).not.toContain('narrative');

    const same = await run(['diff', 'tale', newer!.shortId, newer!.shortId]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('are the same');
  });

  it('says in one line when the workflow or the revision is unknown', async () => {
    ws.workflow('tale', V1);
    await run(['run', 'tale', '--json']);

    const noWorkflow = await run(['history', 'nope']);
    expect(noWorkflow.code).toBe(2);
    expect(noWorkflow.stderr.trim().split('\n')).toHaveLength(1);
    expect(noWorkflow.stderr).toContain('no workflow named "nope"');

    const noRevision = await run(['diff', 'tale', 'abcdef12', 'current']);
    expect(noRevision.code).toBe(2);
    expect(noRevision.stderr.trim()).toBe('arcflow: tale has no revision "abcdef12"');
  });

  it('records the revision a template customisation starts from', async () => {
    const init = await run(['init', 'first-arc', '--as', 'my-arc']);
    expect(init.code).toBe(0);
    const history = await json<HistoryJson[]>(['history', 'my-arc', '--json']);
    expect(history.json).toHaveLength(1);
    expect(history.json[0]).toMatchObject({
      createdBy: 'Ana Teller',
      message: 'customised from the first-arc template',
      runs: 0,
    });
    const ran = await json<RunJson>(['run', 'my-arc', '--json']);
    expect(ran.json.revisionId).toBe(history.json[0]!.id);
  });
});

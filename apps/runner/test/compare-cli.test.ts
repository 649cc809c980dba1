import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.ts';
import { cli, cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';
import { TestWorkspace } from './helpers/workspace.ts';

const GREEN = `name: ship
narrative: "Ship it"
steps:
  - id: build
    action: shell
    with:
      run: echo building
  - id: test
    action: shell
    depends_on: [build]
    with:
      run: echo testing
  - id: deploy
    action: shell
    depends_on: [test]
    with:
      run: echo deploying
`;
// The same story, except that the tests now fail.
const RED = GREEN.replace('echo testing', 'echo testing; exit 3');

interface CompareJson {
  a: { id: string; workflow: string; status: string; revision: { shortId: string } | null };
  b: { id: string; workflow: string; status: string; revision: { shortId: string } | null };
  picked: string;
  sameWorkflow: boolean;
  notes: string[];
  comparison: {
    rows: Array<{
      step: string;
      verdict: string;
      a: { status: string } | null;
      b: { status: string } | null;
      definition: { kind: string; parts?: string[] };
    }>;
    firstDivergence: { step: string; reason: string; a: string | null; b: string | null } | null;
    definition: { changeCount: number };
  };
  yamlDiff: string;
}

// Real PostgreSQL, as in production; PGlite goes through the same store calls in every other
// CLI suite.
const postgres = backends().find((backend) => backend.name === 'postgres')!;

describe('arcflow compare on PostgreSQL', () => {
  let ws: TestWorkspace;
  let env: Record<string, string | undefined>;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const created = await postgres.create();
    ws = new TestWorkspace(created.dir);
    env = created.env;
    cleanup = created.cleanup;
  });
  afterEach(() => cleanup());

  const json = <T>(args: string[]) => cliJson<T>(args, { cwd: ws.dir, env });
  const run = (args: string[]) => cli(args, { cwd: ws.dir, env });

  /** A green run, then the workflow edited so `test` fails, then a failed run. */
  async function greenThenRed(): Promise<{ green: RunJson; red: RunJson }> {
    ws.workflow('ship', GREEN);
    const green = await json<RunJson>(['run', 'ship', '--json']);
    expect(green.code).toBe(0);
    ws.workflow('ship', RED);
    const red = await json<RunJson>(['run', 'ship', '--json']);
    expect(red.code).toBe(1);
    expect(red.json.status).toBe('failed');
    return { green: green.json, red: red.json };
  }

  it('compares a failed run with the last green run and names where the stories diverge', async () => {
    const { green, red } = await greenThenRed();

    const text = await run(['compare', red.id]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toContain(`run ${red.id}`);
    expect(lines[1]).toContain(`run ${green.id}`);
    expect(lines[1]).toContain('the last green run before it');
    // the divergence row carries the marker; the rows before it do not
    const marked = lines.filter((line) => line.includes('← the stories diverge here'));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatch(
      /^▶ test +failed .* +succeeded .*status differs {2}← the stories diverge here$/,
    );
    expect(lines.find((line) => /^ {2}build /.test(line))).toMatch(/succeeded.*succeeded.*same/);
    expect(text.stdout).toContain(
      '▶ The stories diverge here: test failed in A but succeeded in B',
    );
    expect(text.stdout).toContain('Definition changes from B to A · 1 step change');
    expect(text.stdout).toContain('~ test with');
    expect(text.stdout).toContain('-      run: echo testing');
    expect(text.stdout).toContain('+      run: echo testing; exit 3');

    const result = await json<CompareJson>(['compare', red.id, '--json']);
    expect(result.code).toBe(0);
    expect(result.json.a).toMatchObject({ id: red.id, status: 'failed', workflow: 'ship' });
    expect(result.json.b).toMatchObject({ id: green.id, status: 'succeeded', workflow: 'ship' });
    expect(result.json.picked).toBe('last-green-before');
    expect(result.json.sameWorkflow).toBe(true);
    expect(result.json.notes).toEqual([]);
    expect(result.json.a.revision?.shortId).toMatch(/^[0-9a-f]{8}$/);
    expect(result.json.b.revision?.shortId).not.toBe(result.json.a.revision?.shortId);
    expect(result.json.comparison.firstDivergence).toEqual({
      step: 'test',
      reason: 'status',
      a: 'failed',
      b: 'succeeded',
    });
    expect(
      result.json.comparison.rows.map((r) => [r.step, r.verdict, r.a?.status, r.b?.status]),
    ).toEqual([
      ['build', 'same', 'succeeded', 'succeeded'],
      ['test', 'status-differs', 'failed', 'succeeded'],
      ['deploy', 'status-differs', 'skipped', 'succeeded'],
    ]);
    expect(result.json.comparison.rows[1]?.definition).toEqual({
      step: 'test',
      kind: 'changed',
      parts: ['with'],
      cosmetic: [],
    });
    expect(result.json.comparison.definition.changeCount).toBe(1);
    expect(result.json.yamlDiff).toContain(
      `--- ship@${result.json.b.revision?.shortId} (run ${green.id})`,
    );
    expect(result.json.yamlDiff).toContain(
      `+++ ship@${result.json.a.revision?.shortId} (run ${red.id})`,
    );
  });

  it('compares two named runs either way round, and a green run with the one before it', async () => {
    const { green, red } = await greenThenRed();
    ws.workflow('ship', GREEN);
    const again = await json<RunJson>(['run', 'ship', '--json']);
    expect(again.code).toBe(0);

    const named = await json<CompareJson>(['compare', green.id, red.id, '--json']);
    expect(named.json.picked).toBe('given');
    expect(named.json.comparison.firstDivergence).toMatchObject({
      step: 'test',
      a: 'succeeded',
      b: 'failed',
    });

    // the newest green run's baseline is the older green run, not the failed one in between
    const latest = await json<CompareJson>(['compare', again.json.id, '--json']);
    expect(latest.json.b.id).toBe(green.id);
    expect(latest.json.comparison.firstDivergence).toBeNull();
    // GREEN, RED, GREEN again: the third content is a revision of its own, with the first's text
    expect(latest.json.notes).toEqual([
      `both ran the same definition (${latest.json.a.revision?.shortId})`,
    ]);
    expect(latest.json.yamlDiff).toBe('');
    const text = await run(['compare', again.json.id]);
    expect(text.stdout).toContain('The stories do not diverge');
    expect(text.stdout).toContain('Both ran the same definition.');

    // the oldest green run has no green run before it: the newest one after it is taken
    const oldest = await json<CompareJson>(['compare', green.id, '--json']);
    expect(oldest.json.picked).toBe('latest-green');
    expect(oldest.json.b.id).toBe(again.json.id);
  });

  it('says when there is no green run to compare with, or no such run', async () => {
    ws.workflow('ship', RED);
    const red = await json<RunJson>(['run', 'ship', '--json']);
    const none = await run(['compare', red.json.id]);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe(
      `arcflow: run ${red.json.id} has no earlier green run of ship to compare with; name a second run`,
    );

    const unknown = await run(['compare', red.json.id, 'run_nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no run "run_nope"');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('compares runs of different workflows, and says so', async () => {
    ws.workflow('ship', GREEN);
    const ship = await json<RunJson>(['run', 'ship', '--json']);
    ws.workflow(
      'sail',
      GREEN.replace('name: ship', 'name: sail').replace(/ {2}- id: deploy[\s\S]*$/, ''),
    );
    const sail = await json<RunJson>(['run', 'sail', '--json']);
    const result = await json<CompareJson>(['compare', sail.json.id, ship.json.id, '--json']);
    expect(result.code).toBe(0);
    expect(result.json.sameWorkflow).toBe(false);
    expect(result.json.notes).toEqual([
      'these runs are of different workflows (sail and ship): beats are matched by step id',
    ]);
    expect(result.json.comparison.firstDivergence).toMatchObject({
      step: 'deploy',
      reason: 'only-in-b',
    });
  });
});

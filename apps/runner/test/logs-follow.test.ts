import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startCli } from './helpers/cli.ts';
import { httpClient } from './helpers/serve.ts';
import { type ServedWorkspace, startServedWorkspace } from './helpers/served-workspace.ts';

// A step that prints a line, waits until the test lets it go on (a file appears in the
// workspace), prints more over a second and fails.
const TICKING = `
name: ticking
steps:
  - id: tick
    action: shell
    with:
      run: |
        echo tick 1
        while [ ! -f go ]; do sleep 0.05; done
        for i in 2 3 4 5 6 7 8; do echo tick $i; sleep 0.15; done
        echo broken >&2
        exit 3
`;

const STEADY = `
name: steady
steps:
  - id: one
    action: shell
    with: { run: "for i in 1 2 3; do echo one $i; sleep 0.3; done" }
  - id: two
    action: shell
    depends_on: [one]
    with: { run: "for i in 1 2 3; do echo two $i; sleep 0.3; done" }
`;

describe('arcflow logs --follow, of a run a runner service executes', () => {
  let served: ServedWorkspace;
  beforeAll(async () => {
    served = await startServedWorkspace({ ticking: TICKING, steady: STEADY });
  });
  afterAll(() => served?.close());

  it("prints a step's lines as they come, each once, and exits 1 when the step fails", async () => {
    const api = httpClient(served.serve.url);
    const started = await api.runs.start.mutate({ workflow: 'ticking' });
    const follower = startCli(['logs', started.id, 'tick', '--follow'], {
      cwd: served.ws.dir,
      env: served.env(),
    });
    await follower.waitForOutput(/tick 1\n/);
    // The step waits for us: the line came while it ran, not at its end.
    expect((await api.runs.get.query({ runId: started.id })).status).toBe('running');
    await writeFile(join(served.ws.dir, 'go'), '');
    const followed = await follower.done;
    expect(followed.code).toBe(1);
    expect(followed.stdout.trimEnd().split('\n')).toEqual([
      '── tick · attempt 1 ──',
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `tick ${i}`),
      'broken',
    ]);
    expect(followed.stderr).toContain(`step tick of run ${started.id} failed`);

    // Once the step has ended, --follow prints what --tail asks and exits at once.
    const again = await cli(['logs', started.id, 'tick', '-f', '--tail', '2'], {
      cwd: served.ws.dir,
      env: served.env(),
    });
    expect(again.code).toBe(1);
    expect(again.stdout.trimEnd().split('\n')).toEqual([
      '── tick · attempt 1 ──',
      'tick 8',
      'broken',
    ]);
  });

  it('follows every step of a run after its last lines so far, and exits 0 when it succeeds', async () => {
    const api = httpClient(served.serve.url);
    const started = await api.runs.start.mutate({ workflow: 'steady' });
    const plain = startCli(['logs', started.id, '--follow'], {
      cwd: served.ws.dir,
      env: served.env(),
    });
    await plain.waitForOutput(/one 2\n/);
    const tailed = await cli(['logs', started.id, '--follow', '--tail', '1'], {
      cwd: served.ws.dir,
      env: served.env(),
    });
    const followed = await plain.done;
    expect(followed.code).toBe(0);
    const lines = (text: string) =>
      text
        .trimEnd()
        .split('\n')
        .map((l) => l.replace(/ +│ /, ' │ '));
    expect(lines(followed.stdout)).toEqual([
      'one │ one 1',
      'one │ one 2',
      'one │ one 3',
      'two │ two 1',
      'two │ two 2',
      'two │ two 3',
    ]);
    expect(followed.stderr).toContain(`run ${started.id} succeeded`);
    // Each step's last line so far, then every line after them: each step's last line is
    // there, nothing twice, in the order written.
    expect(tailed.code).toBe(0);
    const fromTail = lines(tailed.stdout);
    expect(fromTail).toContain('one │ one 3');
    expect(fromTail.at(-1)).toBe('two │ two 3');
    expect(fromTail).toEqual(lines(followed.stdout).filter((line) => fromTail.includes(line)));
  });
});

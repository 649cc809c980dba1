import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestWorkspace as DbWorkspace,
  type TestPostgresDatabase,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.ts';
import { httpClient, rejection, type ServeProcess, startServe } from './helpers/serve.ts';
import { TestWorkspace } from './helpers/workspace.ts';

/**
 * YAML nested 10,000 levels deep, as a broken generator or an attacker writes it: refused with
 * one diagnostic that names the limit, at the line and column where it is passed, the same in
 * the CLI and the API (issue 16). Before, the readers ran out of stack.
 */
const deepYaml = (name: string) =>
  `name: ${name}\nsteps:\n  - id: a\n    action: noop\n    with: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
/** The step's map is level 3, `with`'s first `[` (column 11) level 4: level 65 is 61 on. */
const PASSED_AT = { line: 5, column: 11 + 61 };
const MESSAGE =
  'the YAML nests more than 64 levels deep here (maps and lists inside each other); a workflow may nest at most 64 levels: flatten it';
const endlessAlias = (name: string) =>
  `name: ${name}\nsteps:\n  - id: a\n    action: noop\n    with: &w { again: *w }\n`;

describe('deeply nested YAML in the CLI', () => {
  let ws: TestWorkspace;
  beforeAll(() => {
    ws = new TestWorkspace();
  });
  afterAll(() => ws.remove());
  const env = { DATABASE_URL: undefined };

  it('validate prints the one diagnostic as file:line:col and exits 1', async () => {
    ws.workflow('deep', deepYaml('deep'));
    const result = await cli(['validate', 'deep'], { cwd: ws.dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `.mia/workflows/deep.yaml:${PASSED_AT.line}:${PASSED_AT.column}: ${MESSAGE}\n`,
    );
    expect(result.stderr).toContain('deep.yaml: 1 problem');
    expect(result.stderr).not.toMatch(/call stack/i);
  });

  it('validate --json gives the code too-deep', async () => {
    const path = ws.workflow('deep-json', deepYaml('deep-json'));
    const { code, json } = await cliJson<{ diagnostics: unknown[] }>(['validate', path, '--json'], {
      cwd: ws.dir,
      env,
    });
    expect(code).toBe(1);
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ ...PASSED_AT, code: 'too-deep', message: MESSAGE }),
    ]);
  });

  it('run refuses it like any invalid workflow (exit 2)', async () => {
    ws.workflow('deep-run', deepYaml('deep-run'));
    const result = await cli(['run', 'deep-run'], { cwd: ws.dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `deep-run.yaml:${PASSED_AT.line}:${PASSED_AT.column}: ${MESSAGE}`,
    );
    expect(result.stderr).not.toMatch(/call stack|\n\s+at /i);
  });

  it('a step output nested 10,000 levels deep fails the step, not the runner', async () => {
    ws.workflow(
      'deep-output',
      [
        'name: deep-output',
        'steps:',
        '  - id: make',
        '    action: shell',
        '    with:',
        `      run: node -e "console.log('x=' + '['.repeat(10000) + ']'.repeat(10000))" >> "$ARCFLOW_OUTPUT"`,
        '',
      ].join('\n'),
    );
    const result = await cli(['run', 'deep-output'], { cwd: ws.dir, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'make failed: $ARCFLOW_OUTPUT line 1: the value of "x" nests more than 64 levels deep (arrays and objects inside each other); write it flatter',
    );
    expect(result.stderr).not.toMatch(/call stack|\n\s+at /i);
  });

  it('validate refuses an alias inside the node it names at the alias', async () => {
    ws.workflow('endless', endlessAlias('endless'));
    const result = await cli(['validate', 'endless'], { cwd: ws.dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /endless\.yaml:5:23: the alias \*w makes the data nest more than 64/,
    );
    expect(result.stderr).not.toMatch(/call stack|\n\s+at /i);
  });
});

describe('deeply nested YAML in the API', () => {
  let ws: DbWorkspace;
  let db: TestPostgresDatabase;
  let serve: ServeProcess;
  let api: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    ws = await createTestWorkspace();
    db = await createTestPostgresDatabase();
    serve = await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } });
    api = httpClient(serve.url);
  });

  afterAll(async () => {
    expect(await serve?.stop()).toBe(0);
    await db?.drop();
    await ws?.cleanup();
  });

  it('workflows.validate returns the diagnostic, not an error', async () => {
    const result = await api.workflows.validate.mutate({
      yaml: deepYaml('deep'),
      file: 'deep.yaml',
    });
    expect(result).toEqual({
      valid: false,
      diagnostics: [
        { file: 'deep.yaml', ...PASSED_AT, code: 'too-deep', message: MESSAGE, severity: 'error' },
      ],
    });
    const alias = await api.workflows.validate.mutate({ yaml: endlessAlias('endless') });
    expect(alias.diagnostics).toEqual([
      expect.objectContaining({ line: 5, column: 23, code: 'too-deep' }),
    ]);
  });

  it('workflows.save refuses it as a bad request with the diagnostic', async () => {
    const refused = await rejection(
      api.workflows.save.mutate({ name: 'deep', yaml: deepYaml('deep') }),
    );
    expect(refused.data?.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain(
      `deep.yaml:${PASSED_AT.line}:${PASSED_AT.column}: ${MESSAGE}`,
    );
    expect(refused.data?.diagnostics).toEqual([
      expect.objectContaining({ ...PASSED_AT, code: 'too-deep' }),
    ]);
  });
});

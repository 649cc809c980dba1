import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.ts';
import { asLocalPerson } from './helpers/session.ts';
import { TestWorkspace } from './helpers/workspace.ts';

const BROKEN = `name: broken
steps:
  - id: plan
    action: shell
    depends_on: [polish]
    with: { run: "true" }
  - id: build
    action: shel
    depends_on: [plan]
  - id: polish
    action: noop
    universe: engineering
    depends_on: [build, biuld]
  - id: plan
    action: noop
  - id: test
    action: shell
    with: { command: "npm test" }
`;

interface Diagnostics {
  file: string;
  valid: boolean;
  diagnostics: Array<{ line: number; column: number; code: string; message: string }>;
}

describe('arcflow validate and user errors', () => {
  let ws: TestWorkspace;
  beforeEach(() => {
    ws = new TestWorkspace();
  });
  afterEach(() => ws.remove());
  const env = { DATABASE_URL: undefined };

  it("refuses to decide in someone else's name (--as), saying who decides", async () => {
    const result = await cli(['approve', 'r12345678', 'review', '--as', 'bob'], {
      cwd: ws.dir,
      env: { ...env, ...asLocalPerson('Ana Local') },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      '--as is no longer accepted: a decision is recorded as the person who makes it, here Ana Local',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 0 for a valid workflow and names it', async () => {
    ws.workflow('ok', 'name: ok\nsteps:\n  - id: one\n    action: noop\n');
    const result = await cli(['validate', 'ok'], { cwd: ws.dir, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"ok" is valid (1 steps)');
  });

  it('reports every problem at once as file:line:col, and exits 1', async () => {
    ws.workflow('broken', BROKEN);
    const result = await cli(['validate', 'broken'], { cwd: ws.dir, env });
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('.mia/'));
    const text = lines.join('\n');
    expect(text).toMatch(
      /^\.mia\/workflows\/broken\.yaml:8:13: unknown action "shel"; did you mean "shell"\?/m,
    );
    expect(text).toMatch(/^\.mia\/workflows\/broken\.yaml:12:15: unknown universe "engineering"/m);
    expect(text).toMatch(
      /^\.mia\/workflows\/broken\.yaml:13:\d+: step "polish" depends on "biuld", which is not a step in this workflow; did you mean "build"\?/m,
    );
    expect(text).toMatch(/^\.mia\/workflows\/broken\.yaml:14:\d+: duplicate step id "plan"/m);
    expect(text).toContain('dependency cycle: plan -> build -> polish -> plan');
    expect(text).toMatch(/^\.mia\/workflows\/broken\.yaml:1[89]:\d+: .*command/m);
  });

  it('prints diagnostics as data with --json', async () => {
    const path = ws.workflow('broken', BROKEN);
    const { code, json } = await cliJson<Diagnostics>(['validate', path, '--json'], {
      cwd: ws.dir,
      env,
    });
    expect(code).toBe(1);
    expect(json.valid).toBe(false);
    const codes = json.diagnostics.map((d) => d.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'unknown-action',
        'unknown-universe',
        'missing-dependency',
        'duplicate-id',
        'cycle',
        'bad-input',
      ]),
    );
    for (const d of json.diagnostics) {
      expect(d.line).toBeGreaterThan(0);
      expect(d.column).toBeGreaterThan(0);
    }
  });

  it('reports YAML syntax errors with their position', async () => {
    ws.workflow('syntax', 'name: syntax\nsteps:\n  - id: one\n    action: [noop\n');
    const result = await cli(['validate', 'syntax'], { cwd: ws.dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/syntax\.yaml:\d+:\d+: /);
  });

  it('refuses to run an invalid workflow with exit 2 and the diagnostics', async () => {
    ws.workflow('broken', BROKEN);
    const result = await cli(['run', 'broken'], { cwd: ws.dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dependency cycle');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['run', 'nowhere'], /no workflow named "nowhere"/],
    [['run', 'missing.yaml'], /workflow file not found: missing\.yaml/],
    [
      ['run', 'first-arc', '--workspace', '/definitely/not/here'],
      /workspace directory not found: \/definitely\/not\/here/,
    ],
    [['run', 'first-arc', '--max-parallel', 'zero'], /expected a positive whole number/],
    [['run'], /missing required argument 'workflow'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['runs', '--status', 'sleeping'], /Allowed choices are queued, running/],
  ])('arcflow %j exits 2 with one clear line', async (args, message) => {
    const result = await cli(args, { cwd: ws.dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says so in one line when PostgreSQL cannot be reached', async () => {
    const result = await cli(['runs'], {
      cwd: ws.dir,
      env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:5499/arcflow' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:5499/,
    );
  });

  it('init copies a template into .mia/workflows under its own or a new name, and will not overwrite', async () => {
    const first = await cli(['init', 'release-ceremony'], { cwd: ws.dir, env });
    expect(first.code).toBe(0);
    expect(ws.read('.mia/workflows/release-ceremony.yaml')).toContain('name: release-ceremony');
    const renamed = await cli(['init', 'release-ceremony', '--as', 'our-release'], {
      cwd: ws.dir,
      env,
    });
    expect(renamed.code).toBe(0);
    expect(ws.read('.mia/workflows/our-release.yaml')).toMatch(/^name: our-release$/m);
    const valid = await cli(['validate', 'our-release'], { cwd: ws.dir, env });
    expect(valid.code).toBe(0);

    const again = await cli(['init', 'release-ceremony'], { cwd: ws.dir, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const unknown = await cli(['init', 'release'], { cwd: ws.dir, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no template named "release"; templates: .*release-ceremony/);
    const badName = await cli(['init', 'release-ceremony', '--as', '../escape'], {
      cwd: ws.dir,
      env,
    });
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('is not a workflow name');
  });

  it('refuses to start a run with missing, unknown or mistyped inputs, saying which', async () => {
    ws.workflow(
      'typed',
      'name: typed\ninputs:\n  branch: { description: "required" }\n  count: { type: number, default: 1 }\nsteps:\n  - id: one\n    action: noop\n',
    );
    const missing = await cli(['run', 'typed'], { cwd: ws.dir, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required input "branch"/);
    const unknown = await cli(['run', 'typed', '-i', 'branch=x', '-i', 'colour=red'], {
      cwd: ws.dir,
      env,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown input "colour"/);
    const mistyped = await cli(['run', 'typed', '-i', 'branch=x', '-i', 'count=many'], {
      cwd: ws.dir,
      env,
    });
    expect(mistyped.code).toBe(2);
    expect(mistyped.stderr).toMatch(/count/);
    const noEquals = await cli(['run', 'typed', '-i', 'branch'], { cwd: ws.dir, env });
    expect(noEquals.code).toBe(2);
    expect(noEquals.stderr).toContain('--input expects name=value');
  });

  it('lists the workflows a workspace can run, including the templates', async () => {
    ws.workflow('ok', 'name: ok\nsteps:\n  - id: one\n    action: noop\n');
    const { json } = await cliJson<Array<{ name: string; origin: string; valid: boolean }>>(
      ['workflows', '--json'],
      { cwd: ws.dir, env },
    );
    expect(json).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'ok', origin: 'workspace', valid: true }),
        expect.objectContaining({ name: 'first-arc', origin: 'template', valid: true }),
      ]),
    );
  });
});

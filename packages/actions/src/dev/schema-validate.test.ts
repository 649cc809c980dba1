import { createActionRegistry } from '@arcflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { noopAction } from '../noop.ts';
import { createSchemaValidateAction, schemaValidateAction } from './schema-validate.ts';

import { failureOf, runAction, type TempWorkspace, tempWorkspace } from './test-support.ts';

const SCHEMA = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['name', 'port'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    port: { type: 'integer', minimum: 1 },
    mode: { enum: ['dev', 'prod'] },
    owner: { type: 'string', format: 'email' },
    hosts: { type: 'array', items: { type: 'string' } },
  },
});

const GOOD_WORKFLOW = `name: ship
narrative: "A change ships"
steps:
  - id: test
    action: shell
    beat: "Tests pass"
    with:
      run: echo ok
`;

let ws: TempWorkspace | undefined;
afterEach(() => ws?.remove());

async function validate(files: Record<string, string>, input: Record<string, unknown>) {
  ws = await tempWorkspace(files);
  return runAction(schemaValidateAction, input, ws.dir);
}

describe('schema-validate', () => {
  it('passes valid JSON and YAML files and counts them', async () => {
    const { outputs, result, lines } = await validate(
      {
        'schema.json': SCHEMA,
        'config/app.json': '{\n\t"name": "app",\n\t"port": 8080\n}\n',
        'config/web.yaml': 'name: web\nport: 80\nmode: prod\nowner: ops@example.com\n',
        '.mia/workflows/ship.yaml': GOOD_WORKFLOW,
      },
      { files: ['config/*'], schema: 'schema.json' },
    );
    expect(outputs).toEqual({ files: 3, errors: 0, problems: [] });
    expect(result.summary).toBe('3 files valid against schema.json');
    // The log says which files were checked, not only how many.
    expect(lines.filter(([stream]) => stream === 'stdout')).toEqual([
      ['stdout', 'checked config/app.json: ok'],
      ['stdout', 'checked config/web.yaml: ok'],
      ['stdout', 'checked .mia/workflows/ship.yaml: ok'],
    ]);
  });

  it('reports every error at its line and column', async () => {
    ws = await tempWorkspace({
      'schema.yaml': `# YAML schemas work too\n${SCHEMA}`,
      'config/app.json': '{\n  "name": 42,\n  "port": 0,\n  "colour": "red"\n}\n',
      'config/web.yaml': [
        'name: web',
        'port: 80',
        'mode: staging',
        'owner: not-an-email',
        'hosts:',
        '  - a.example.com',
        '  - 7',
        '',
      ].join('\n'),
      'config/ok.yaml': 'name: ok\nport: 1\n',
    });
    const running = runAction(
      schemaValidateAction,
      { files: ['config/**/*.{json,yaml}'], schema: 'schema.yaml', workflows: false },
      ws.dir,
    );
    const failure = await failureOf(running);
    expect(failure.retriable).toBe(false);
    expect(failure.summary).toBe('6 problems in 2 files');
    expect(failure.lastLines).toEqual([
      'config/app.json:4:3: / must NOT have the property "colour"',
      'config/app.json:2:11: /name must be string',
      'config/app.json:3:11: /port must be >= 1',
      'config/web.yaml:3:7: /mode must be equal to one of the allowed values: "dev", "prod"',
      'config/web.yaml:4:8: /owner must match format "email"',
      'config/web.yaml:7:5: /hosts/1 must be string',
    ]);
    expect(failure.details?.problems).toContainEqual({
      file: 'config/web.yaml',
      line: 7,
      column: 5,
      message: '/hosts/1 must be string',
    });
  });

  it('logs each problem and reports missing properties at the object', async () => {
    ws = await tempWorkspace({ 'schema.json': SCHEMA, 'a.yaml': 'list:\n  - x\n' });
    const lines: Array<[string, string]> = [];
    const failure = await failureOf(
      runAction(schemaValidateAction, { files: ['a.yaml'], schema: 'schema.json' }, ws.dir, {
        log: (stream, text) => lines.push([stream, text]),
      }),
    );
    expect(failure.summary).toBe('3 problems in 1 file');
    expect(lines).toContainEqual(['stderr', "a.yaml:1:1: / must have required property 'name'"]);
    expect(lines).toContainEqual(['stderr', 'a.yaml:1:1: / must NOT have the property "list"']);
  });

  it('reports syntax errors without a schema', async () => {
    ws = await tempWorkspace({
      'bad.json': '{\n  "a": 1,\n}\n',
      'bad.yaml': 'a: [1, 2\nb: 3\n',
      'dup.yaml': 'a: 1\na: 2\n',
    });
    const failure = await failureOf(
      runAction(schemaValidateAction, { files: ['*'], workflows: false }, ws.dir),
    );
    const problems = failure.details?.problems as Array<{
      file: string;
      line: number;
      message: string;
    }>;
    expect(problems.map((p) => p.file)).toEqual(
      expect.arrayContaining(['bad.json', 'bad.yaml', 'dup.yaml']),
    );
    expect(problems.find((p) => p.file === 'bad.json')).toMatchObject({
      line: 3,
      message: 'not valid JSON: Expected double-quoted property name',
    });
    expect(problems.find((p) => p.file === 'dup.yaml')?.message).toContain('unique');
  });

  it("checks the workspace's own workflows with Arcflow's parser", async () => {
    ws = await tempWorkspace({
      'package.json': '{"name":"x"}',
      '.mia/workflows/ship.yaml': GOOD_WORKFLOW,
      '.mia/workflows/broken.yaml': GOOD_WORKFLOW.replace('action: shell', 'action: shel'),
    });
    const failure = await failureOf(
      runAction(schemaValidateAction, { files: ['package.json'] }, ws.dir),
    );
    expect(failure.summary).toBe('1 problem in 1 file');
    expect(failure.details).toMatchObject({ files: 3 });
    const [problem] = (failure.details?.problems ?? []) as Array<{
      file: string;
      line: number;
      message: string;
    }>;
    expect(problem).toMatchObject({ file: '.mia/workflows/broken.yaml', line: 5 });
    expect(problem?.message).toContain('shel');

    await ws.write({ '.mia/workflows/broken.yaml': GOOD_WORKFLOW });
    const { outputs } = await runAction(schemaValidateAction, { files: ['package.json'] }, ws.dir);
    expect(outputs).toMatchObject({ files: 3, errors: 0 });
  });

  it('checks workflows against the registry it is given', async () => {
    ws = await tempWorkspace({ 'a.json': '{}', '.mia/workflows/ship.yaml': GOOD_WORKFLOW });
    const onlyNoop = createSchemaValidateAction(createActionRegistry([noopAction]));
    const failure = await failureOf(runAction(onlyNoop, { files: ['a.json'] }, ws.dir));
    expect(failure.lastLines?.[0]).toMatch(/^\.mia\/workflows\/ship\.yaml:5:\d+: .*shell/);
  });

  it('fails clearly on a missing schema; ends skipped when no file matches', async () => {
    ws = await tempWorkspace({ 'a.json': '{}' });
    const noSchema = await failureOf(
      runAction(schemaValidateAction, { files: ['a.json'], schema: 'nope.json' }, ws.dir),
    );
    expect(noSchema.message).toBe('the schema file nope.json does not exist or cannot be read');
    expect(noSchema.retriable).toBe(false);
    const noFiles = await runAction(schemaValidateAction, { files: ['**/*.yaml'] }, ws.dir);
    expect(noFiles.result.skipped).toBe('nothing to validate: no files match **/*.yaml');
    expect(noFiles.result.summary).toBeUndefined();
  });
});

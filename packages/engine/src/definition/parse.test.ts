import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionRegistry } from '../actions/registry.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { parseWorkflow } from './parse.ts';

const actions = createActionRegistry([
  {
    name: 'shell',
    description: 'Runs a shell command.',
    input: z.object({ run: z.string().min(1) }).strict(),
    run: async () => ({}),
  },
  {
    name: 'noop',
    description: 'Does nothing.',
    input: z.object({}).strict(),
    run: async () => ({}),
  },
]);

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const parse = (text: string) => parseWorkflow(text, { file: 'wf.yaml', actions });
/** `line:column code message`, the easiest form to compare exactly. */
const located = (text: string) =>
  parse(text).diagnostics.map((d: Diagnostic) => `${d.line}:${d.column} ${d.code} ${d.message}`);

describe('parseWorkflow: a valid file', () => {
  it('yields the definition, camelCased, with durations in ms and defaults applied', () => {
    const result = parse(
      yaml(
        'name: feature-delivery',
        'narrative: "A new capability journeys from idea to production"',
        'description: Ships a feature',
        'max_parallel: 4',
        'env: { CI: true, LEVEL: 3, NAME: arc }',
        'steps:',
        '  - id: validate',
        '    action: noop',
        '    beat: "Validation confirms structural integrity"',
        '  - id: test',
        '    action: shell',
        '    universe: story',
        '    depends_on: validate',
        '    with: { run: "npm test" }',
        '    timeout: 1h30m',
        '    retries: 1',
        '    env: { FORCE_COLOR: 0 }',
        '  - id: approve',
        '    action: noop',
        '    universe: ceremony',
        '    depends_on: [validate, test, test]',
        '    timeout: 90',
      ),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.definition).toEqual({
      name: 'feature-delivery',
      narrative: 'A new capability journeys from idea to production',
      description: 'Ships a feature',
      maxParallel: 4,
      env: { CI: 'true', LEVEL: '3', NAME: 'arc' },
      inputs: [],
      steps: [
        {
          id: 'validate',
          action: 'noop',
          universe: 'engineer',
          dependsOn: [],
          beat: 'Validation confirms structural integrity',
          with: {},
          retries: 0,
          env: {},
        },
        {
          id: 'test',
          action: 'shell',
          universe: 'story',
          dependsOn: ['validate'],
          with: { run: 'npm test' },
          timeoutMs: 5_400_000,
          retries: 1,
          env: { FORCE_COLOR: '0' },
        },
        {
          id: 'approve',
          action: 'noop',
          universe: 'ceremony',
          dependsOn: ['validate', 'test'],
          with: {},
          timeoutMs: 90_000,
          retries: 0,
          env: {},
        },
      ],
    });
  });

  it('gives `with` as the action schema parsed it', () => {
    const withDefaults = createActionRegistry([
      {
        name: 'greet',
        description: 'Says hello.',
        input: z.object({ who: z.string().default('world'), times: z.coerce.number() }),
        run: async () => ({}),
      },
    ]);
    const result = parseWorkflow(
      yaml('name: hi', 'steps:', '  - id: a', '    action: greet', '    with: { times: "2" }'),
      { file: 'wf.yaml', actions: withDefaults },
    );
    expect(result.definition?.steps[0]?.with).toEqual({ who: 'world', times: 2 });
  });
});

describe('parseWorkflow: diagnostics', () => {
  it('reports YAML syntax errors with their positions and nothing else', () => {
    expect(located(yaml('name: x', 'name: y', 'steps:', '  - id: a', '    action: [noop'))).toEqual(
      [
        '2:1 yaml-syntax Map keys must be unique',
        '6:1 yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    );
  });

  it('reports a duplicate id at the second id, naming the first line', () => {
    expect(
      located(
        yaml(
          'name: x',
          'steps:',
          '  - id: lint',
          '    action: noop',
          '  - id: build',
          '    action: noop',
          '  - id:   build',
          '    action: noop',
        ),
      ),
    ).toEqual(['7:11 duplicate-id duplicate step id "build" (first defined at line 5)']);
  });

  it('reports an unknown action at its value, with the closest name', () => {
    expect(
      located(yaml('name: x', 'steps:', '  - id: a', '    action: shel', '    with: { run: ls }')),
    ).toEqual([
      '4:13 unknown-action unknown action "shel"; did you mean "shell"? Known actions: noop, shell',
    ]);
  });

  it('lists the known actions without a suggestion when nothing is close', () => {
    expect(located(yaml('name: x', 'steps:', '  - id: a', '    action: deploy-to-prod'))).toEqual([
      '4:13 unknown-action unknown action "deploy-to-prod"; known actions: noop, shell',
    ]);
  });

  it('reports an unknown universe with the allowed ones', () => {
    expect(
      located(
        yaml(
          'name: x',
          'steps:',
          '  - id: a',
          '    action: noop',
          '    universe: engineering',
          '  - id: b',
          '    action: noop',
          '    universe: pirate',
          '  - id: c',
          '    action: noop',
          '    universe: 3',
        ),
      ),
    ).toEqual([
      '5:15 unknown-universe unknown universe "engineering"; did you mean "engineer"? Use one of engineer, ceremony, story',
      '8:15 unknown-universe unknown universe "pirate"; use one of engineer, ceremony, story',
      '11:15 unknown-universe universe must be a string; use one of engineer, ceremony, story',
    ]);
  });

  it('reports a missing dependency at its entry in depends_on', () => {
    expect(
      located(
        yaml(
          'name: x',
          'steps:',
          '  - id: build',
          '    action: noop',
          '  - id: deploy',
          '    action: noop',
          '    depends_on: [build, biuld]',
          '  - id: notify',
          '    action: noop',
          '    depends_on: nowhere',
          '  - id: smoke',
          '    action: noop',
          '    depends_on:',
          '      - deploy',
          '      - buidl',
        ),
      ),
    ).toEqual([
      '7:25 missing-dependency step "deploy" depends on "biuld", which is not a step in this workflow; did you mean "build"?',
      '10:17 missing-dependency step "notify" depends on "nowhere", which is not a step in this workflow',
      '15:9 missing-dependency step "smoke" depends on "buidl", which is not a step in this workflow; did you mean "build"?',
    ]);
  });

  it('reports a cycle with its whole path at the first step of the cycle', () => {
    expect(
      located(
        yaml(
          'name: x',
          'steps:',
          '  - id: plan',
          '    action: noop',
          '    depends_on: [polish]',
          '  - id: build',
          '    action: noop',
          '    depends_on: [plan]',
          '  - id: polish',
          '    action: noop',
          '    depends_on: [build]',
        ),
      ),
    ).toEqual(['5:18 cycle dependency cycle: plan -> build -> polish -> plan']);
  });

  it('reports a self-dependency and each distinct cycle once', () => {
    expect(
      located(
        yaml(
          'name: x',
          'steps:',
          '  - id: a',
          '    action: noop',
          '    depends_on: [b, c]',
          '  - id: b',
          '    action: noop',
          '    depends_on: a',
          '  - id: c',
          '    action: noop',
          '    depends_on: [a]',
          '  - id: me',
          '    action: noop',
          '    depends_on: [me]',
        ),
      ),
    ).toEqual([
      '5:18 cycle dependency cycle: a -> b -> a',
      '5:21 cycle dependency cycle: a -> c -> a',
      '14:18 cycle dependency cycle: me -> me',
    ]);
  });

  it("reports bad action inputs at the offending key, from the action's schema", () => {
    expect(
      located(
        yaml(
          'name: x',
          'steps:',
          '  - id: test',
          '    action: shell',
          '    with:',
          '      run: 42',
          '  - id: lint',
          '    action: shell',
          '    with: { run: "", shell: bash }',
          '  - id: quiet',
          '    action: noop',
          '    with: { run: ls }',
          '  - id: bare',
          '    action: shell',
        ),
      ),
    ).toEqual([
      '6:12 bad-input step "test": with.run: expected a string, got number 42',
      '9:18 bad-input step "lint": with.run: must not be empty',
      '9:22 bad-input step "lint": with: unknown key "shell"; allowed keys: run',
      '12:13 bad-input step "quiet": with: unknown key "run"; no keys are allowed here',
      '14:13 bad-input step "bare": with.run: required: expected a string',
    ]);
  });

  it('reports schema errors: types, required fields, unknown keys, durations, names', () => {
    expect(
      located(
        yaml(
          'name: Feature Delivery',
          'max_parallel: 0',
          'trigger: push',
          'env: { A: [1] }',
          'steps:',
          '  - id: a',
          '    action: noop',
          '    timeout: 10 minutes',
          '    retries: 101',
          '    dependson: [b]',
          '  - action: noop',
          '    beat: 5',
          '  - just a string',
          '  - id: c',
          '    action: noop',
          '    timeout: 0',
          '    with:',
        ),
      ),
    ).toEqual([
      '1:7 schema name: must start with a lowercase letter or digit and contain only lowercase letters, digits, "-" and "_"',
      '2:15 schema max_parallel: must be greater than 0',
      '3:1 schema unknown key "trigger"; allowed keys: name, narrative, description, max_parallel, env, secrets, four_eyes, inputs, on, concurrency, runs_on, log_max_bytes, artifact_retention, steps, outputs',
      '4:11 schema env.A: expected a string, a number or a boolean, got a list',
      '8:14 schema step "a": timeout: invalid duration "10 minutes"; use a positive number of seconds or a string like 500ms, 90s, 10m, 1h, 1h30m',
      '9:14 schema step "a": retries: must be at most 100',
      '10:5 schema step "a": unknown key "dependson"; did you mean "depends_on"? Allowed keys: id, action, uses, universe, beat, depends_on, with, timeout, retries, env, cache, if, matrix, for_each, fail_fast, max_parallel, runs_on, log_max_bytes, artifacts, needs_artifacts',
      '11:5 schema steps[1]: id: required: expected a string',
      '12:11 schema steps[1]: beat: expected a string, got number 5',
      '13:5 schema steps[2]: expected a map, got the string "just a string"',
      '16:14 schema step "c": timeout: invalid duration 0; use a positive number of seconds or a string like 500ms, 90s, 10m, 1h, 1h30m',
      '17:5 schema step "c": with: expected a map, got an empty value',
    ]);
  });

  it('reports a file that is not a workflow map at 1:1', () => {
    const expected = ['1:1 schema a workflow file must be a map with at least "name" and "steps"'];
    expect(located('')).toEqual(expected);
    expect(located('- a\n- b\n')).toEqual(expected);
  });

  it('reports missing name and steps', () => {
    expect(located(yaml('narrative: x'))).toEqual([
      '1:1 schema name: required: expected a string',
      '1:1 schema steps: required: expected a list',
    ]);
    expect(located(yaml('name: x', 'steps: []'))).toEqual([
      '2:8 schema steps: must have at least 1 item',
    ]);
  });

  it('reports every problem of a file at once, in source order', () => {
    const result = located(
      yaml(
        'name: broken',
        'steps:',
        '  - id: plan',
        '    action: shel',
        '    universe: engineering',
        '    depends_on: [deploy]',
        '  - id: build',
        '    action: shell',
        '    depends_on: [plan, tset]',
        '    with: { run: 5 }',
        '    timeout: soon',
        '  - id: build',
        '    action: noop',
        '  - id: deploy',
        '    action: noop',
        '    depends_on: [build]',
      ),
    );
    expect(result).toEqual([
      '4:13 unknown-action unknown action "shel"; did you mean "shell"? Known actions: noop, shell',
      '5:15 unknown-universe unknown universe "engineering"; did you mean "engineer"? Use one of engineer, ceremony, story',
      '6:18 cycle dependency cycle: plan -> build -> deploy -> plan',
      '9:24 missing-dependency step "build" depends on "tset", which is not a step in this workflow',
      '10:18 bad-input step "build": with.run: expected a string, got number 5',
      '11:14 schema step "build": timeout: invalid duration "soon"; use a positive number of seconds or a string like 500ms, 90s, 10m, 1h, 1h30m',
      '12:9 duplicate-id duplicate step id "build" (first defined at line 7)',
    ]);
  });

  it('marks every diagnostic as an error in the given file', () => {
    const { diagnostics, definition } = parse(
      yaml('name: x', 'steps:', '  - id: a', '    action: b'),
    );
    expect(definition).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        file: 'wf.yaml',
        line: 4,
        column: 13,
        code: 'unknown-action',
        message: 'unknown action "b"; known actions: noop, shell',
        severity: 'error',
      },
    ]);
  });
});

// Speed is measured by `pnpm bench`, not asserted here; a hang or a blow-up still fails by
// the timeout, which is generous because the suite shares two cores.
describe('parseWorkflow: hostile input', { timeout: 60_000 }, () => {
  it('rejects text over 8 MiB before parsing', () => {
    const text = `name: x\n# ${'x'.repeat(8_388_608)}`;
    const result = parse(text);
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '1:1 too-large',
    ]);
    expect(result.diagnostics[0]?.message).toBe(
      'the file is 8388618 bytes; a workflow file may be at most 8 MiB (8388608 bytes)',
    );
  });

  it('counts bytes, not characters', () => {
    const text = `#${'é'.repeat(4_194_304)}`; // 1 + 2 * 4,194,304 bytes
    expect(located(text)[0]).toMatch(/^1:1 too-large the file is 8388609 bytes/);
    expect(located(`#${'é'.repeat(4_194_303)}`)[0]).not.toMatch(/too-large/);
  });

  it('rejects a billion laughs alias bomb quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const [previous, current] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      levels.push(`${current}: &${current} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const result = parse(yaml('name: x', ...levels, 'steps: []'));
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '3:8 alias-bomb',
    ]);
    expect(result.diagnostics[0]?.message).toMatch(/billion laughs/);
  });

  it('rejects a file with very many aliases quickly', () => {
    const steps = Array.from({ length: 50_000 }, () => '  - *s');
    const text = yaml('name: x', 'steps:', '  - &s { id: a, action: noop }', ...steps);
    const result = parse(text);
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '4:5 alias-bomb the file uses 50000 aliases (*name); at most 1000 are allowed',
    ]);
  });

  it('still accepts a few ordinary aliases', () => {
    const result = parse(
      yaml(
        'name: x',
        'steps:',
        '  - id: a',
        '    action: noop',
        '    env: &common { CI: "1" }',
        '  - id: b',
        '    action: noop',
        '    env: *common',
      ),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.steps[1]?.env).toEqual({ CI: '1' });
  });

  it('rejects more than 50,000 steps quickly, at the steps key', () => {
    const steps = Array.from({ length: 50_001 }, (_, i) => `  - { id: s${i}, action: noop }`);
    const result = parse(yaml('name: x', 'steps:', ...steps));
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '2:1 too-many-steps the workflow has 50001 steps; at most 50000 are allowed',
    ]);
  });

  it('accepts 50,000 chained steps (no recursion deep enough to overflow the stack)', () => {
    const steps = Array.from({ length: 50_000 }, (_, i) =>
      i === 0
        ? '  - { id: s0, action: noop }'
        : `  - { id: s${i}, action: noop, depends_on: s${i - 1} }`,
    );
    const result = parse(yaml('name: x', 'steps:', ...steps));
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.steps).toHaveLength(50_000);
    expect(result.definition?.steps[49_999]?.dependsOn).toEqual(['s49998']);
  });

  it('accepts 50,000 steps fanning out from one step and back into one', () => {
    const middle = Array.from({ length: 49_998 }, (_, i) => `s${i}`);
    const result = parse(
      yaml(
        'name: x',
        'steps:',
        '  - { id: root, action: noop }',
        ...middle.map((id) => `  - { id: ${id}, action: noop, depends_on: root }`),
        `  - { id: sink, action: noop, depends_on: [${middle.join(', ')}] }`,
      ),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.steps.at(-1)?.dependsOn).toHaveLength(49_998);
  });

  it('accepts 50,000 steps in layers, each depending on the whole layer before', () => {
    const steps = Array.from({ length: 50_000 }, (_, i) => {
      const layer = Math.floor(i / 4);
      const deps =
        layer === 0
          ? ''
          : `, depends_on: [${[0, 1, 2, 3].map((k) => `s${(layer - 1) * 4 + k}`).join(', ')}]`;
      return `  - { id: s${i}, action: noop${deps} }`;
    });
    const result = parse(yaml('name: x', 'steps:', ...steps));
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.steps[49_999]?.dependsOn).toEqual([
      's49992',
      's49993',
      's49994',
      's49995',
    ]);
  });

  it('reports a 10,000-step cycle without overflowing the stack', () => {
    const steps = Array.from(
      { length: 10_000 },
      (_, i) => `  - { id: s${i}, action: noop, depends_on: s${(i + 9_999) % 10_000} }`,
    );
    const [diagnostic] = parse(yaml('name: x', 'steps:', ...steps)).diagnostics;
    expect(diagnostic).toMatchObject({ line: 3, column: 41, code: 'cycle' });
    expect(diagnostic?.message).toMatch(/^dependency cycle: s0 -> s1 -> s2 -> .* -> s9999 -> s0$/);
  });

  it('reports a mistake in a large workflow at its line, like in a small one', () => {
    const steps = Array.from({ length: 5_000 }, (_, i) => `  - { id: s${i}, action: noop }`);
    steps[2_345] = '  - { id: s2345, action: nop }';
    expect(located(yaml('name: x', 'steps:', ...steps))).toEqual([
      '2348:26 unknown-action unknown action "nop"; did you mean "noop"? Known actions: noop, shell',
    ]);
  });

  it('reports deeply nested YAML as an error instead of crashing', () => {
    const text = `name: x\nsteps: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const result = parse(text);
    expect(result.definition).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
  });

  it('reports deeply nested block lists as an error instead of crashing', () => {
    const text = `name: x\nsteps:\n  ${'- '.repeat(20_000)}x\n`;
    const result = parse(text);
    expect(result.definition).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
  });
});

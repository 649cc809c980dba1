// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fuzz inputs are workflow text with ${{ }} expressions
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { builtinActionSpecs } from '../actions/builtin.ts';
import type { Diagnostic, DiagnosticCode } from '../diagnostics.ts';
import { evaluateExpression } from '../expressions/evaluate.ts';
import { parseExpression } from '../expressions/parse.ts';
import type { ExpressionContext } from '../expressions/types.ts';
import { ExpressionError } from '../expressions/types.ts';
import { type ParseOptions, parseWorkflow } from './parse.ts';
import type { SubWorkflowLookup } from './sub-workflow-checks.ts';

/**
 * Property tests of the validator: whatever text it is given (random, a real workflow with
 * mutations, or a definition built from the schema's parts), `parseWorkflow` answers with a
 * definition or located diagnostics, never a throw, and the same answer every time.
 * ARCFLOW_FUZZ_RUNS runs each property longer; fast-check prints the seed of a failure.
 */

declare module 'vitest' {
  /** Given by vitest.config.ts. */
  export interface ProvidedContext {
    templates: string[];
    fuzzRuns: number;
  }
}

const RUNS = inject('fuzzRuns') || 200;
const TIMEOUT_MS = Math.max(60_000, RUNS * 300);

const CODES: readonly DiagnosticCode[] = [
  'yaml-syntax',
  'too-large',
  'alias-bomb',
  'too-many-steps',
  'schema',
  'duplicate-id',
  'unknown-action',
  'unknown-universe',
  'missing-dependency',
  'cycle',
  'bad-input',
  'bad-cron',
  'unknown-timezone',
  'bad-glob',
  'unknown-workflow',
];

/** Workflows beyond the templates that use what the templates do not: fan-out, cache, sub-workflows, triggers. */
const EXTRA_WORKFLOWS = [
  `name: matrix
inputs:
  flavor: { type: string, default: plain }
  dry_run: { type: boolean, default: false }
secrets: [DEPLOY_KEY]
steps:
  - id: list
    action: shell
    with: { run: 'echo "packages=[\\"a\\",\\"b\\"]" >> "$ARCFLOW_OUTPUT"' }
  - id: test
    action: shell
    matrix: { node: [20, 22], os: [linux, mac], exclude: [{ node: 20, os: mac }] }
    with: { run: 'echo \${{ matrix.node }}-\${{ matrix.os }}' }
  - id: each
    action: shell
    depends_on: [list]
    for_each: \${{ steps.list.outputs.packages }}
    with: { run: 'echo \${{ item }}' }
  - id: build
    action: shell
    depends_on: [test, each]
    cache:
      inputs: ["src/**"]
      key: \${{ inputs.flavor }}
    artifacts: ["dist/**"]
    timeout: 10m
    retries: 2
    if: \${{ inputs.dry_run == false && steps.test.status == 'succeeded' }}
    env: { TOKEN: "\${{ secrets.DEPLOY_KEY }}" }
    with: { run: make }
  - id: use
    action: shell
    depends_on: build
    needs_artifacts: [build]
    with: { run: "cat dist/out.txt" }
outputs:
  built: "\${{ steps.build.outputs.stdout }}"
`,
  `name: triggered
on:
  push: { branches: [main, "release/*"], paths: ["src/**", "!docs/**"] }
  pull_request: { types: [opened, synchronize], branches: main }
  schedule: [{ cron: "0 3 * * 1-5", timezone: Europe/Paris }, { cron: "*/30 * * * * *", catch_up: true }]
  webhook: {}
concurrency: { group: "deploy-\${{ event.branch }}", cancel_in_progress: true }
runs_on: [linux, docker]
max_parallel: 2
log_max_bytes: 10MB
artifact_retention: 7d
four_eyes: false
steps:
  - id: release
    uses: release
    with: { version: "\${{ event.tag }}" }
  - id: approve
    action: noop
    universe: ceremony
    depends_on: release
    runs_on: gpu
    beat: "The release is approved"
`,
];

/** Every template (read by vitest.config.ts) and the workflows above. */
const WORKFLOWS = [...inject('templates'), ...EXTRA_WORKFLOWS];

/** Sub-workflows the fuzzed text may name: one valid, one that uses itself (a cycle). */
const LOOKUP: SubWorkflowLookup = {
  find(name) {
    const text = LOOKUP_FILES[name];
    if (text === undefined) return undefined;
    const { definition } = parseWorkflow(text, {
      file: `${name}.yaml`,
      actions: builtinActionSpecs,
    });
    return definition ? { definition } : {};
  },
  names: () => Object.keys(LOOKUP_FILES),
};
const LOOKUP_FILES: Record<string, string> = {
  release: `name: release
inputs:
  version: { type: string }
steps:
  - id: tag
    action: shell
    with: { run: "echo \${{ inputs.version }}" }
`,
  loop: `name: loop
steps:
  - id: again
    uses: loop
`,
};

const OPTIONS: ParseOptions[] = [
  { file: 'fuzz.yaml', actions: builtinActionSpecs },
  {
    file: '.mia/workflows/fuzz.yaml',
    actions: builtinActionSpecs,
    secretNames: ['DEPLOY_KEY'],
    workflows: LOOKUP,
  },
];

const STACK_LINE = /\n\s+at\s/;

/** The property every answer must have, whatever the text. */
function expectCleanAnswer(text: string, options: ParseOptions): void {
  let result: ReturnType<typeof parseWorkflow>;
  try {
    result = parseWorkflow(text, options);
  } catch (error) {
    throw new Error(`parseWorkflow threw: ${(error as Error)?.stack ?? String(error)}`);
  }
  const { definition, diagnostics } = result;
  if (definition === undefined) {
    expect(diagnostics.length, 'no definition and no diagnostic').toBeGreaterThan(0);
  }
  const lines = text.split('\n');
  for (const d of diagnostics) expectCleanDiagnostic(d, text, lines, options.file);
  // Deterministic: the same text gives the same answer.
  expect(parseWorkflow(text, options)).toEqual(result);
}

function expectCleanDiagnostic(d: Diagnostic, text: string, lines: string[], file: string): void {
  const where = JSON.stringify(d);
  expect(d.file, where).toBe(file);
  expect(CODES, where).toContain(d.code);
  expect(['error', 'warning'], where).toContain(d.severity);
  expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines.length, where).toBe(true);
  const lineLength = lines[d.line - 1]?.length ?? 0;
  expect(Number.isInteger(d.column) && d.column >= 1 && d.column <= lineLength + 1, where).toBe(
    true,
  );
  expect(typeof d.message === 'string' && d.message.trim().length > 0, where).toBe(true);
  // Words the user wrote may appear in a message; the program's own leaks may not.
  if (!text.includes('undefined')) expect(d.message, where).not.toContain('undefined');
  if (!text.includes('[object Object]')) expect(d.message, where).not.toContain('[object Object]');
  expect(STACK_LINE.test(d.message), where).toBe(false);
}

// ---------------------------------------------------------------------------------------------
// (a) random text

const YAML_TOKENS = [
  ...['name:', 'steps:', '- id:', 'action:', 'with:', 'depends_on:', 'needs:', 'uses:', 'if:'],
  ...['matrix:', 'for_each:', 'cache:', 'artifacts:', 'needs_artifacts:', 'on:', 'inputs:'],
  ...['outputs:', 'env:', 'secrets:', 'timeout:', 'retries:', 'universe:', 'runs_on:', 'run:'],
  ...['\n', '\n  ', '\n    ', '\n      ', '\t', ' ', '- ', ': ', ', ', '[', ']', '{', '}'],
  ...['"', "'", '|', '>', '&a', '*a', '!!str', '!!binary', '!!map', '%YAML 1.2', '---', '...'],
  ...['#', '?', '${{', '}}', 'steps.a.outputs.x', 'inputs.v', 'secrets.X', '==', '&&', '||'],
  ...['shell', 'noop', 'ceremony', 'story', 'a', 'b', 'build', '1h', '-1', '1e309', '0x1F'],
  ...['null', '~', 'true', 'no', '<<: *a', '\u0000', '\uFEFF', '\uD800', '😀', '\r\n', '\\'],
];

const tokenSoup = fc
  .array(fc.constantFrom(...YAML_TOKENS), { maxLength: 80 })
  .map((tokens) => tokens.join(''));

const randomText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  tokenSoup,
);

// ---------------------------------------------------------------------------------------------
// (b) mutations of real workflows

const scalarValue = fc.oneof(
  fc.constantFrom('null', '~', 'true', 'false', '[]', '{}', '""', "''", '-1', '0', '1e400'),
  fc.constantFrom('.nan', '-.inf', '0x7FFFFFFF', '99999999999999999999999', '2026-13-45'),
  fc.constantFrom('[a, b, [c]]', '{ a: { b: 1 } }', '*nope', '&anchor x', '!!int x', '|'),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
);

const expressionFragment = fc.oneof(
  fc.constantFrom(
    '${{',
    '${{ }}',
    '${{ steps }}',
    '${{ steps.nope.outputs.x }}',
    '${{ inputs.missing }}',
    '${{ secrets.NOPE }}',
    '${{ secrets.DEPLOY_KEY == 1 }}',
    '${{ matrix.x }}',
    '${{ item.a.b }}',
    '${{ event.payload.a }}',
    "${{ format('{0}}}', 1) }}",
    '${{ a ? b : c }}',
    '${{ 1 + 2 }}',
    '${{ this }}',
    '${{ [1] }}',
    '${{ fromJSON(inputs.x)[0] }}',
    '${{ contains(steps.*.outputs, 1) }}',
    '${{ toJSON(steps) }}',
    '${{ (((((((((( 1 )))))))))) }}',
  ),
  fc.string({ maxLength: 30 }).map((inner) => `\${{ ${inner} }}`),
);

const JUNK_KEYS = [
  'needs',
  'depends_on',
  'matrix',
  'for_each',
  'uses',
  'cache',
  'artifacts',
  'needs_artifacts',
  'outputs',
  'inputs',
  'on',
  'concurrency',
  'runs_on',
  'secrets',
  'if',
  'timeout',
  'retries',
  'log_max_bytes',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '0',
  '',
];

const junkKey = fc.oneof(fc.constantFrom(...JUNK_KEYS), fc.string({ maxLength: 12 }));

type Mutation = (lines: string[]) => string[];

const deleteLine = fc.nat().map(
  (n): Mutation =>
    (lines) =>
      lines.filter((_, i) => i !== n % lines.length),
);

const duplicateLine = fc.nat().map(
  (n): Mutation =>
    (lines) =>
      lines.flatMap((line, i) => (i === n % lines.length ? [line, line] : [line])),
);

const swapLines = fc.tuple(fc.nat(), fc.nat()).map(
  ([a, b]): Mutation =>
    (lines) => {
      const copy = [...lines];
      const i = a % copy.length;
      const j = b % copy.length;
      [copy[i], copy[j]] = [copy[j] as string, copy[i] as string];
      return copy;
    },
);

const reindent = fc.tuple(fc.nat(), fc.integer({ min: -6, max: 6 })).map(
  ([n, by]): Mutation =>
    (lines) =>
      lines.map((line, i) =>
        i !== n % lines.length ? line : by >= 0 ? ' '.repeat(by) + line : line.slice(-by),
      ),
);

/** Replaces the value after `key:` on one line. */
const replaceScalar = fc.tuple(fc.nat(), fc.oneof(scalarValue, expressionFragment)).map(
  ([n, value]): Mutation =>
    (lines) => {
      const withValue = lines
        .map((line, i) => [line, i] as const)
        .filter(([l]) => /:\s*\S/.test(l));
      const target = withValue[n % Math.max(1, withValue.length)];
      if (!target) return lines;
      const [line, index] = target;
      const copy = [...lines];
      copy[index] = line.replace(/:\s*\S.*$/, `: ${value}`);
      return copy;
    },
);

const insertExpression = fc.tuple(fc.nat(), fc.nat(), expressionFragment).map(
  ([n, at, fragment]): Mutation =>
    (lines) => {
      const i = n % lines.length;
      const line = lines[i] ?? '';
      const copy = [...lines];
      const col = at % (line.length + 1);
      copy[i] = line.slice(0, col) + fragment + line.slice(col);
      return copy;
    },
);

/** A new `key: value` line under a random line, at that line's indentation or deeper. */
const insertKey = fc
  .tuple(fc.nat(), junkKey, fc.oneof(scalarValue, expressionFragment), fc.boolean())
  .map(
    ([n, key, value, deeper]): Mutation =>
      (lines) => {
        const i = n % lines.length;
        const indent = /^\s*(- )?/.exec(lines[i] ?? '')?.[0].length ?? 0;
        const copy = [...lines];
        copy.splice(i + 1, 0, `${' '.repeat(indent + (deeper ? 2 : 0))}${key}: ${value}`);
        return copy;
      },
  );

/** Random dependencies between the steps the file declares, cycles and unknown ids included. */
const randomNeeds = fc
  .tuple(fc.nat(), fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom('depends_on', 'needs'))
  .map(
    ([n, picks, key]): Mutation =>
      (lines) => {
        const ids = lines.flatMap((line) => /^\s*- id:\s*(\S+)/.exec(line)?.[1] ?? []);
        const stepLines = lines.flatMap((line, i) => (/^\s*- id:/.test(line) ? [i] : []));
        const at = stepLines[n % Math.max(1, stepLines.length)];
        if (at === undefined) return lines;
        const names = picks.map((p) => ids[p % (ids.length + 1)] ?? 'no-such-step');
        const indent = (/^\s*/.exec(lines[at] ?? '')?.[0].length ?? 0) + 2;
        const copy = [...lines];
        copy.splice(at + 1, 0, `${' '.repeat(indent)}${key}: [${names.join(', ')}]`);
        return copy;
      },
  );

const truncate = fc.nat().map(
  (n): Mutation =>
    (lines) =>
      lines.slice(0, n % (lines.length + 1)),
);

const mutation = fc.oneof(
  deleteLine,
  duplicateLine,
  swapLines,
  reindent,
  replaceScalar,
  insertExpression,
  insertKey,
  randomNeeds,
  truncate,
);

const mutatedWorkflow = fc
  .tuple(fc.constantFrom(...WORKFLOWS), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([text, mutations]) => {
    let lines = text.split('\n');
    for (const mutate of mutations) lines = lines.length === 0 ? lines : mutate(lines);
    return lines.join('\n');
  });

// ---------------------------------------------------------------------------------------------
// (c) definitions built from the schema's parts

const stepId = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'build', 'test', 'run-tests', 'A B', '', '0', 'a.b'),
  fc.string({ maxLength: 10 }),
);

const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constantFrom(null, true, false, 0, -1, 1e308, '', 'x', '${{ inputs.v }}'),
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.string({ maxLength: 20 }),
    expressionFragment,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(junkKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const randomStep = fc.record(
  {
    id: fc.oneof(stepId, jsonish),
    action: fc.oneof(fc.constantFrom(...builtinActionSpecs.keys(), 'no-such-action'), jsonish),
    uses: fc.oneof(fc.constantFrom('release', 'loop', 'missing'), jsonish),
    universe: fc.oneof(fc.constantFrom('engineer', 'story', 'ceremony', 'nowhere'), jsonish),
    depends_on: fc.oneof(fc.array(stepId, { maxLength: 4 }), stepId, jsonish),
    with: fc.oneof(fc.dictionary(junkKey, jsonish, { maxKeys: 5 }), jsonish),
    env: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), jsonish, { maxKeys: 3 }), jsonish),
    if: fc.oneof(expressionFragment, jsonish),
    timeout: fc.oneof(fc.constantFrom('1h', '90', '-1s', '10y', 0, -5, 1e20), jsonish),
    retries: fc.oneof(fc.integer({ min: -3, max: 1000 }), jsonish),
    matrix: fc.oneof(
      fc.dictionary(fc.string({ maxLength: 6 }), fc.array(jsonish, { maxLength: 4 }), {
        maxKeys: 3,
      }),
      jsonish,
    ),
    for_each: fc.oneof(expressionFragment, fc.array(jsonish, { maxLength: 4 }), jsonish),
    cache: fc.oneof(fc.record({ inputs: jsonish, key: jsonish }, { requiredKeys: [] }), jsonish),
    artifacts: fc.oneof(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), jsonish),
    needs_artifacts: fc.oneof(fc.array(stepId, { maxLength: 3 }), jsonish),
    runs_on: jsonish,
    beat: jsonish,
  },
  { requiredKeys: [] },
);

const randomDefinition = fc.record(
  {
    name: fc.oneof(fc.constantFrom('fuzz', 'a-b', ''), jsonish),
    narrative: jsonish,
    max_parallel: jsonish,
    env: jsonish,
    inputs: fc.oneof(
      fc.dictionary(
        fc.string({ maxLength: 8 }),
        fc.record({ type: jsonish, default: jsonish }, { requiredKeys: [] }),
        { maxKeys: 3 },
      ),
      jsonish,
    ),
    secrets: jsonish,
    on: jsonish,
    concurrency: jsonish,
    outputs: jsonish,
    steps: fc.oneof(fc.array(randomStep, { maxLength: 8 }), jsonish),
  },
  { requiredKeys: [] },
);

const builtDefinition = randomDefinition.map((definition) => stringify(definition));

// ---------------------------------------------------------------------------------------------

const parameters = { numRuns: RUNS };

/** Which of OPTIONS to parse with, as an index so a counterexample prints short. */
const optionsIndex = fc.nat({ max: OPTIONS.length - 1 });
const checkAt = (text: string, index: number) =>
  expectCleanAnswer(text, OPTIONS[index] as ParseOptions);

describe('parseWorkflow under fuzzing', () => {
  it(
    'answers random text and YAML token soup with a definition or located diagnostics',
    () => {
      fc.assert(fc.property(randomText, optionsIndex, checkAt), parameters);
    },
    TIMEOUT_MS,
  );

  it(
    'answers mutated templates and workflows cleanly',
    () => {
      fc.assert(fc.property(mutatedWorkflow, optionsIndex, checkAt), parameters);
    },
    TIMEOUT_MS,
  );

  it(
    'answers definitions built from random schema parts cleanly',
    () => {
      fc.assert(fc.property(builtDefinition, optionsIndex, checkAt), parameters);
    },
    TIMEOUT_MS,
  );

  it('accepts every real workflow unmutated (the mutations start from valid text)', () => {
    expect(WORKFLOWS.length).toBeGreaterThan(EXTRA_WORKFLOWS.length);
    for (const text of WORKFLOWS) {
      const { diagnostics } = parseWorkflow(text, OPTIONS[1] as ParseOptions);
      expect(diagnostics).toEqual([]);
    }
  });
});

describe('the expression parser under fuzzing', () => {
  const expressionSource = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc
      .array(
        fc.constantFrom(
          ...['steps', 'inputs', 'secrets', 'event', 'matrix', 'item', 'workflow', '.', '[', ']'],
          ...['(', ')', "'", '"', '==', '!=', '<=', '&&', '||', '!', '-', '+', '*', ',', '?', ':'],
          ...['format', 'contains', 'fromJSON', 'toJSON', 'startsWith', '0', '1.5', 'x', ' '],
          ...['\\', '`', '${{', '}}', 'this', 'new', '=>', '\u0000', '😀', 'a-b', '--', '1e999'],
        ),
        { maxLength: 30 },
      )
      .map((tokens) => tokens.join('')),
  );

  it(
    'parses or refuses with an ExpressionError, never another error',
    () => {
      fc.assert(
        fc.property(expressionSource, (source) => {
          try {
            parseExpression(source);
          } catch (error) {
            if (!(error instanceof ExpressionError)) {
              throw new Error(`parseExpression threw ${String(error)}`);
            }
            expect(error.message.trim()).not.toBe('');
            if (!source.includes('undefined')) expect(error.message).not.toContain('undefined');
          }
        }),
        { numRuns: RUNS * 5 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'evaluates random expressions against run data to a value or an ExpressionError',
    () => {
      fc.assert(
        fc.property(expressionSource, jsonish, jsonish, (source, output, item) => {
          const ctx: ExpressionContext = {
            inputs: { v: 1, name: 'x', list: '[1,2]' },
            steps: { a: { status: 'succeeded', outputs: { x: output, y: '{"a":[1]}' } } },
            workflow: { name: 'fuzz' },
            matrix: { node: 20 },
            item,
            hasItem: true,
          };
          try {
            evaluateExpression(source, ctx);
          } catch (error) {
            if (!(error instanceof ExpressionError)) {
              throw new Error(`evaluateExpression threw ${String(error)}`);
            }
          }
        }),
        { numRuns: RUNS * 5 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'reports random ${{ }} expressions in a step as diagnostics, never a throw',
    () => {
      fc.assert(
        fc.property(expressionSource, (source) => {
          const text = [
            'name: fuzz',
            'steps:',
            '  - id: a',
            '    action: shell',
            `    if: ${JSON.stringify(`\${{ ${source} }}`)}`,
            `    with: { run: ${JSON.stringify(`echo \${{ ${source} }}`)} }`,
            '',
          ].join('\n');
          expectCleanAnswer(text, OPTIONS[1] as ParseOptions);
        }),
        parameters,
      );
    },
    TIMEOUT_MS,
  );
});

/** What the properties above found once, kept as fixed cases so they stay found. */
describe('counterexamples the fuzzing found', () => {
  const options = OPTIONS[0] as ParseOptions;

  it('an empty or blank `if:` is reported, not looped on forever', () => {
    for (const condition of ['""', '"  "']) {
      const text = `name: fuzz\nsteps:\n  - id: a\n    action: noop\n    if: ${condition}\n`;
      expect(parseWorkflow(text, options).diagnostics).toEqual([
        expect.objectContaining({ line: 5, column: 9, message: 'step "a": if: must not be empty' }),
      ]);
      expectCleanAnswer(text, options);
    }
  });

  it('places a syntax error after a line break inside a broken plain scalar on its own line', () => {
    const text = '\uFEFF- id:${{\n  name:';
    expectCleanAnswer(text, options);
    expect(parseWorkflow(text, options).diagnostics.map((d) => [d.line, d.column])).toContainEqual([
      2, 7,
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionRegistry } from '../actions/registry.ts';
import { parseWorkflow } from './parse.ts';

const actions = createActionRegistry([
  {
    name: 'shell',
    description: 'Runs a shell command.',
    input: z.object({ run: z.string().min(1), retries: z.number().optional() }).strict(),
    run: async () => ({}),
  },
  {
    name: 'run-tests',
    description: 'Runs the tests.',
    input: z
      .object({ command: z.string(), shard: z.object({ index: z.number() }).optional() })
      .strict(),
    outputs: { passed: 'tests passed', failed: 'tests failed', skipped: 'tests skipped' },
    run: async () => ({}),
  },
]);
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const parse = (text: string) => parseWorkflow(text, { file: 'wf.yaml', actions });
const located = (text: string) =>
  parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);

const head = [
  'name: flow',
  'inputs:',
  '  environment: { default: staging }',
  '  version: { default: patch }',
  'steps:',
  '  - id: test',
  '    action: run-tests',
  '    with: { command: npm test }',
];

describe('expressions in a definition', () => {
  it('accepts references to declared inputs, upstream steps and declared outputs', () => {
    const result = parse(
      yaml(
        ...head,
        '  - id: deploy',
        '    action: shell',
        '    depends_on: test',
        `    if: \${{ inputs.environment == 'production' && steps.test.outputs.failed == 0 }}`,
        '    with:',
        `      run: ./deploy.sh \${{ inputs.version }} \${{ steps.test.status }}`,
        `      retries: \${{ inputs.version }}`,
        '    env:',
        `      SHA: "\${{ workflow.name }}"`,
        '  - id: notify',
        '    action: shell',
        '    depends_on: [deploy]',
        '    if: steps.test.outputs.passed > 0',
        '    with: { run: echo done }',
      ),
    );
    expect(result.diagnostics).toEqual([]);
    const [, deploy, notify] = result.definition?.steps ?? [];
    expect(deploy?.if).toBe(
      `\${{ inputs.environment == 'production' && steps.test.outputs.failed == 0 }}`,
    );
    // Kept as written: the runner checks the resolved values when the step starts.
    expect(deploy?.with).toEqual({
      run: `./deploy.sh \${{ inputs.version }} \${{ steps.test.status }}`,
      retries: `\${{ inputs.version }}`,
    });
    expect(deploy?.env).toEqual({ SHA: `\${{ workflow.name }}` });
    expect(notify?.if).toBe('steps.test.outputs.passed > 0');
  });

  it('reports each bad reference at the expression, inside its string', () => {
    expect(
      located(
        yaml(
          ...head,
          '  - id: review',
          '    action: shell',
          '    with: { run: echo review }',
          '  - id: deploy',
          '    action: shell',
          '    depends_on: [test]',
          "    if: steps.review.status == 'succeeded'",
          '    with:',
          `      run: "deploy \${{ inputs.enviroment }} \${{ steps.test.outputs.pased }}"`,
          '    env:',
          `      A: \${{ steps.nope.outputs.x }}`,
          `      B: \${{ steps.test.result }}`,
          `      C: \${{ contain(inputs.version, 'x') }}`,
          `      D: \${{ inputs.version == }}`,
        ),
      ),
    ).toEqual([
      '15:9 missing-dependency step "deploy" refers to steps.review, which is not upstream of it; add "review" to its depends_on',
      '17:24 schema step "deploy": with.run: unknown input "enviroment"; did you mean "environment"? Declared inputs: environment, version',
      '17:49 schema step "deploy": with.run: action "run-tests" has no output "pased"; did you mean "passed"? It has passed, failed, skipped',
      '19:14 missing-dependency step "deploy": env.A: no step "nope"',
      '20:14 schema step "deploy": env.B: after steps.test write .outputs.<name> or .status, not "result"',
      '21:14 schema step "deploy": env.C: unknown function "contain"; did you mean "contains"? Functions: contains, startsWith, endsWith, format, toJSON in "contain(inputs.version, \'x\')"',
      '22:31 schema step "deploy": env.D: syntax error: Expected expression after == in "inputs.version =="',
    ]);
  });

  it('follows depends_on transitively, and refuses a step reading itself', () => {
    expect(
      located(
        yaml(
          ...head,
          '  - id: build',
          '    action: shell',
          '    depends_on: [test]',
          '    with: { run: make }',
          '  - id: ship',
          '    action: shell',
          '    depends_on: [build]',
          `    with: { run: "echo \${{ steps.test.outputs.passed }} \${{ steps.ship.status }}" }`,
        ),
      ),
    ).toEqual([
      '16:61 missing-dependency step "ship" refers to its own steps.ship; a step can read only the steps upstream of it',
    ]);
  });

  it('checks action inputs that hold no expression, and skips those that do', () => {
    expect(
      located(
        yaml(
          ...head,
          '  - id: deploy',
          '    action: run-tests',
          '    depends_on: [test]',
          '    with:',
          `      command: \${{ steps.test.outputs.passed }}`,
          `      shard: { index: "\${{ inputs.version }}" }`,
          '      extra: 1',
        ),
      ),
    ).toEqual([
      '15:7 bad-input step "deploy": with: unknown key "extra"; allowed keys: command, shard',
    ]);
    expect(
      located(
        yaml(
          ...head,
          '  - id: deploy',
          '    action: shell',
          '    with:',
          '      run: 5',
          `      retries: \${{ inputs.version }}`,
        ),
      ),
    ).toEqual(['12:12 bad-input step "deploy": with.run: expected a string, got number 5']);
  });

  it(`reports a condition mixing several \${{ }} and an unclosed expression`, () => {
    expect(
      located(
        yaml(
          ...head,
          '  - id: deploy',
          '    action: shell',
          `    if: \${{ true }} && \${{ false }}`,
          `    with: { run: "echo \${{ inputs.version" }`,
        ),
      ),
    ).toEqual([
      `11:9 schema step "deploy": if: a condition is one expression: wrap all of it in \${{ }}, or write it without`,
      '12:24 schema step "deploy": with.run: the expression is not closed; end it with "}}"',
    ]);
  });
});

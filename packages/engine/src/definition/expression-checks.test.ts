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

describe('secrets in a definition', () => {
  const withSecrets = (text: string, secretNames?: readonly string[]) =>
    parseWorkflow(text, {
      file: 'wf.yaml',
      actions,
      ...(secretNames ? { secretNames } : {}),
    }).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
  const deploy = (...lines: string[]) =>
    yaml(...head, '  - id: deploy', '    action: shell', '    depends_on: test', ...lines);

  it(`accepts \${{ secrets.NAME }} in with: and env:, and keeps only the name`, () => {
    const text = deploy(
      '    with:',
      `      run: "curl -H 'Authorization: Bearer \${{ secrets.DEPLOY_KEY }}' x"`,
      '    env:',
      `      TOKEN: \${{ secrets.NPM_TOKEN }}`,
    );
    expect(withSecrets(text, ['DEPLOY_KEY', 'NPM_TOKEN'])).toEqual([]);
    const result = parseWorkflow(text, { file: 'wf.yaml', actions });
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.steps[1]?.env).toEqual({ TOKEN: `\${{ secrets.NPM_TOKEN }}` });
  });

  it('reports an unknown secret at its reference, with a suggestion', () => {
    const text = deploy(
      '    with:',
      `      run: "deploy \${{ secrets.DEPLOY_KY }}"`,
      '    env:',
      `      A: \${{ secrets.DEPLOY_KEY }}`,
      `      B: \${{ secrets.SLACK_HOOK }}`,
    );
    expect(withSecrets(text, ['DEPLOY_KEY', 'NPM_TOKEN'])).toEqual([
      '13:24 schema step "deploy": with.run: unknown secret DEPLOY_KY; did you mean "DEPLOY_KEY"? Set it with: arcflow secret set DEPLOY_KY',
      '16:14 schema step "deploy": env.B: unknown secret SLACK_HOOK; set it with: arcflow secret set SLACK_HOOK',
    ]);
    expect(withSecrets(text, [])).toHaveLength(3);
  });

  it('says nothing about unknown secrets when the names are not known', () => {
    expect(withSecrets(deploy('    with:', `      run: "x \${{ secrets.ANYTHING }}"`))).toEqual([]);
  });

  it('refuses operators, functions, properties and conditions on a secret', () => {
    expect(
      withSecrets(
        deploy(
          `    if: \${{ secrets.DEPLOY_KEY != '' }}`,
          '    with:',
          `      run: "\${{ format('{0}', secrets.DEPLOY_KEY) }}"`,
          '    env:',
          `      A: \${{ secrets.DEPLOY_KEY == 'x' }}`,
          `      B: \${{ secrets.DEPLOY_KEY.length }}`,
          `      C: \${{ secrets }}`,
          `      D: \${{ secrets['not a name'] }}`,
        ),
        ['DEPLOY_KEY'],
      ),
    ).toEqual([
      `12:13 schema step "deploy": if: a secret is used only on its own, as \${{ secrets.NAME }}: no operators or functions on it in "secrets.DEPLOY_KEY != ''"`,
      `14:31 schema step "deploy": with.run: a secret is used only on its own, as \${{ secrets.NAME }}: no operators or functions on it in "format('{0}', secrets.DEPLOY_KEY)"`,
      `16:14 schema step "deploy": env.A: a secret is used only on its own, as \${{ secrets.NAME }}: no operators or functions on it in "secrets.DEPLOY_KEY == 'x'"`,
      '17:14 schema step "deploy": env.B: write secrets.NAME: a secret has no properties in "secrets.DEPLOY_KEY.length"',
      '18:14 schema step "deploy": env.C: write secrets.NAME: a secret has no properties in "secrets"',
      `19:14 schema step "deploy": env.D: "not a name" is not a secret's name: use letters, digits and _, not starting with a digit`,
    ]);
  });

  it('refuses a secret in a condition of its own, and in the workflow env', () => {
    expect(
      withSecrets(
        yaml(
          'name: flow',
          'env:',
          `  TOKEN: "x \${{ secrets.NPM_TOKEN }}"`,
          'steps:',
          '  - id: deploy',
          '    action: shell',
          `    if: \${{ secrets.NPM_TOKEN }}`,
          '    with: { run: echo }',
        ),
      ),
    ).toEqual([
      `3:13 schema env.TOKEN: the workflow's env: is not interpolated; put \${{ secrets.… }} in a step's env: or with:`,
      '7:13 schema step "deploy": if: a secret cannot decide whether a step runs; use secrets only in with: and env:',
    ]);
  });

  it('refuses the NUL character that marks a secret inside the engine', () => {
    expect(withSecrets(deploy('    with:', '      run: "echo \\0secret:X\\0"'))).toEqual([
      '13:12 schema step "deploy": with.run: the NUL character (\\0) is not allowed here',
    ]);
    const workflowEnv = yaml(
      'name: flow',
      'env:',
      '  A: "\\0secret:X\\0"',
      'steps:',
      ...head.slice(5),
    );
    expect(withSecrets(workflowEnv)).toEqual([
      '3:6 schema env.A: the NUL character (\\0) is not allowed here',
    ]);
  });
});

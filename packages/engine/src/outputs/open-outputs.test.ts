import { describe, expect, it } from 'vitest';
import { builtinActionSpecs } from '../actions/builtin.ts';
import { parseWorkflow } from '../definition/parse.ts';

const workflow = (action: string, withText: string) =>
  [
    'name: flow',
    'steps:',
    '  - id: a',
    `    action: ${action}`,
    `    with: ${withText}`,
    '  - id: b',
    '    action: shell',
    '    depends_on: a',
    `    with: { run: "echo \${{ steps.a.outputs.packages }}" }`,
    '',
  ].join('\n');
const messages = (text: string) =>
  parseWorkflow(text, { file: 'wf.yaml', actions: builtinActionSpecs }).diagnostics.map(
    (d) => d.message,
  );

describe('outputs written to $ARCFLOW_OUTPUT', () => {
  it('may be read from the actions that run the user’s commands, by any name', () => {
    expect(messages(workflow('shell', '{ run: ./list.sh }'))).toEqual([]);
    expect(messages(workflow('build', '{ command: make }'))).toEqual([]);
    expect(messages(workflow('run-tests', '{ command: make test }'))).toEqual([]);
  });

  it('are refused for an action that runs no command, with the outputs it has', () => {
    expect(messages(workflow('notify', '{ url: "https://x.test/hook", message: hi }'))).toEqual([
      expect.stringContaining('action "notify" has no output "packages"'),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionRegistry } from '../actions/registry.ts';
import { workflowJsonSchema } from './json-schema.ts';
import { parseWorkflow } from './parse.ts';

const actions = createActionRegistry([
  {
    name: 'noop',
    description: 'Does nothing.',
    input: z.object({}).strict(),
    run: async () => ({}),
  },
]);
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const parse = (text: string) => parseWorkflow(text, { file: 'wf.yaml', actions });
const caps = (text: string) => {
  const { definition, diagnostics } = parse(text);
  expect(diagnostics).toEqual([]);
  return definition?.steps.map((step) => [step.id, step.logMaxBytes]);
};
const located = (text: string) =>
  parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);

describe('log_max_bytes', () => {
  const workflow = (cap: string, ...steps: string[]) =>
    yaml(
      'name: logs',
      cap,
      'steps:',
      '  - id: chatty',
      '    action: noop',
      ...steps,
      '  - id: quiet',
      '    action: noop',
    );

  it("caps each step's log: the step's own size wins over the workflow's", () => {
    expect(caps(workflow('log_max_bytes: 50MB', '    log_max_bytes: 512KB'))).toEqual([
      ['chatty', 512_000],
      ['quiet', 50_000_000],
    ]);
    expect(caps(workflow('', '    log_max_bytes: 1048576'))).toEqual([
      ['chatty', 1_048_576],
      ['quiet', undefined],
    ]);
    expect(caps(workflow('log_max_bytes: 1GB', '    log_max_bytes: 64 KiB'))).toEqual([
      ['chatty', 65_536],
      ['quiet', 1_000_000_000],
    ]);
  });

  it('reads the same through the reader that keeps positions', () => {
    // An alias sends the file past the quick reader to the one that keeps positions.
    const text = workflow('log_max_bytes: &cap 2MiB', '    log_max_bytes: *cap');
    expect(caps(text)).toEqual([
      ['chatty', 2_097_152],
      ['quiet', 2_097_152],
    ]);
  });

  it('says where a size is wrong, naming the key and the forms it takes', () => {
    expect(
      located(workflow('log_max_bytes: lots', '    log_max_bytes: 10', '    retries: 1')),
    ).toEqual([
      '2:16 schema log_max_bytes: invalid size "lots"; use a number of bytes or a string like 512KB, 10MB, 1GB (KiB, MiB, GiB count in 1024s)',
      '6:20 schema step "chatty": log_max_bytes: must be between 1KB and 1GB, got 10',
    ]);
    expect(located(workflow('log_max_bytes: 2TB'))).toEqual([
      '2:16 schema log_max_bytes: invalid size "2TB"; use a number of bytes or a string like 512KB, 10MB, 1GB (KiB, MiB, GiB count in 1024s)',
    ]);
    expect(located(workflow('', '    log_max_bytes: true'))).toEqual([
      '6:20 schema step "chatty": log_max_bytes: expected a number or a string, got boolean true',
    ]);
  });

  it('is offered by the editor, with the forms it takes', () => {
    const schema = workflowJsonSchema(actions) as {
      properties: Record<string, { description: string; anyOf: unknown[] }> & {
        steps: { items: { properties: Record<string, { description: string }> } };
      };
    };
    expect(schema.properties.log_max_bytes?.description).toContain('512KB, 10MB, 1GB');
    expect(schema.properties.log_max_bytes?.anyOf).toEqual([
      { type: 'number', description: 'Bytes.' },
      expect.objectContaining({ type: 'string', pattern: expect.any(String) }),
    ]);
    expect(schema.properties.steps.items.properties.log_max_bytes?.description).toContain(
      "the workflow's log_max_bytes",
    );
  });
});

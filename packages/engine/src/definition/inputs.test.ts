import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionRegistry } from '../actions/registry.ts';
import { resolveRunInputs } from './inputs.ts';
import { parseWorkflow } from './parse.ts';

const actions = createActionRegistry([
  { name: 'noop', description: 'Nothing.', input: z.object({}).strict(), run: async () => ({}) },
]);
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const parse = (text: string) => parseWorkflow(text, { file: 'wf.yaml', actions });
const located = (text: string) =>
  parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
const steps = ['steps:', '  - id: a', '    action: noop'];

describe('workflow inputs', () => {
  it('reads inputs in order, with types, defaults, descriptions and required', () => {
    const result = parse(
      yaml(
        'name: flow',
        'inputs:',
        '  version:',
        '    type: string',
        '    default: patch',
        '    description: "Which part of the version to bump"',
        '  dry_run: { type: boolean, default: false }',
        '  count: { type: number, default: 2 }',
        '  ticket: { description: "Required: no default" }',
        '  bare:',
        ...steps,
      ),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.inputs).toEqual([
      {
        name: 'version',
        type: 'string',
        default: 'patch',
        description: 'Which part of the version to bump',
        required: false,
      },
      { name: 'dry_run', type: 'boolean', default: false, required: false },
      { name: 'count', type: 'number', default: 2, required: false },
      { name: 'ticket', type: 'string', description: 'Required: no default', required: true },
      { name: 'bare', type: 'string', required: true },
    ]);
  });

  it('has no inputs when none are declared', () => {
    expect(parse(yaml('name: flow', ...steps)).definition?.inputs).toEqual([]);
  });

  it('reports bad names, types, defaults and keys where they are written', () => {
    expect(
      located(
        yaml(
          'name: flow',
          'inputs:',
          '  9lives: {}',
          '  dry_run: { type: boolean, default: "no" }',
          '  level: { type: string, default: 3 }',
          '  size: { type: integer }',
          '  other: { typo: 1 }',
          ...steps,
        ),
      ),
    ).toEqual([
      '3:3 schema inputs.9lives: an input name must start with a letter or "_" and contain only letters, digits, "-" and "_"',
      '4:38 schema inputs.dry_run.default: the default must be a boolean, got string "no" (type: boolean)',
      '5:35 schema inputs.level.default: the default must be a string, got number 3; quote it: "3"',
      '6:17 schema inputs.size.type: must be one of "string", "number", "boolean"',
      '7:12 schema inputs.other: unknown key "typo"; did you mean "type"? Allowed keys: type, default, description',
    ]);
  });
});

describe('resolveRunInputs', () => {
  const def = {
    inputs: [
      { name: 'version', type: 'string', default: 'patch', required: false },
      { name: 'dry_run', type: 'boolean', default: false, required: false },
      { name: 'count', type: 'number', default: 1, required: false },
      { name: 'ticket', type: 'string', description: 'the issue key', required: true },
    ],
  } as const;
  const resolve = (given: Record<string, unknown>) =>
    resolveRunInputs({ inputs: [...def.inputs] }, given);

  it('applies defaults and converts CLI strings to the declared types', () => {
    expect(resolve({ ticket: 'ARC-1' })).toEqual({
      values: { version: 'patch', dry_run: false, count: 1, ticket: 'ARC-1' },
    });
    expect(resolve({ ticket: 'ARC-1', dry_run: 'TRUE', count: ' 2.5 ', version: 'major' })).toEqual(
      {
        values: { version: 'major', dry_run: true, count: 2.5, ticket: 'ARC-1' },
      },
    );
    expect(resolve({ ticket: 42, dry_run: false, count: 3 })).toEqual({
      values: { version: 'patch', dry_run: false, count: 3, ticket: '42' },
    });
  });

  it('reports unknown inputs, missing required ones and bad values, all at once', () => {
    expect(resolve({ verison: 'x', dry_run: 'yes', count: 'many' })).toEqual({
      errors: [
        'unknown input "verison"; this workflow takes: version, dry_run, count, ticket',
        'input "dry_run" must be true or false, got "yes"',
        'input "count" must be a number, got "many"',
        'missing required input "ticket" (the issue key)',
      ],
    });
    expect(resolveRunInputs({ inputs: [] }, { x: '1' })).toEqual({
      errors: ['unknown input "x"; this workflow takes no inputs'],
    });
  });
});

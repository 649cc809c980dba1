import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionRegistry } from '../actions/registry.ts';
import { workflowJsonSchema } from './json-schema.ts';

const actions = createActionRegistry([
  {
    name: 'shell',
    description: 'Runs a shell command.',
    input: z.object({ run: z.string().min(1).describe('The command line.') }).strict(),
    run: async () => ({}),
  },
  {
    name: 'noop',
    description: 'Does nothing.',
    input: z.object({}).strict(),
    run: async () => ({}),
  },
]);

type Schema = Record<string, unknown>;
const schema = workflowJsonSchema(actions);
const properties = schema.properties as Record<string, Schema>;
const step = properties.steps?.items as Schema;
const stepProperties = step.properties as Record<string, Schema>;

describe('workflowJsonSchema', () => {
  it('is plain JSON Schema 2020-12 of the snake_case file format', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(properties)).toEqual([
      'name',
      'narrative',
      'description',
      'max_parallel',
      'env',
      'secrets',
      'four_eyes',
      'inputs',
      'on',
      'concurrency',
      'runs_on',
      'log_max_bytes',
      'artifact_retention',
      'steps',
      'outputs',
    ]);
    expect(schema.required).toEqual(['name', 'steps']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(stepProperties)).toEqual([
      'id',
      'action',
      'uses',
      'universe',
      'beat',
      'depends_on',
      'with',
      'timeout',
      'retries',
      'env',
      'cache',
      'if',
      'matrix',
      'for_each',
      'fail_fast',
      'max_parallel',
      'runs_on',
      'log_max_bytes',
      'artifacts',
      'needs_artifacts',
    ]);
    expect(step.required).toEqual(['id']);
    expect(step.oneOf).toEqual([{ required: ['action'] }, { required: ['uses'] }]);
    expect(step.additionalProperties).toBe(false);
  });

  it('describes every field', () => {
    for (const [name, field] of [
      ...Object.entries(properties),
      ...Object.entries(stepProperties),
    ]) {
      expect(field.description, name).toEqual(expect.any(String));
    }
  });

  it('lists the actions as an enum with their descriptions', () => {
    expect(stepProperties.action?.enum).toEqual(['noop', 'shell']);
    expect(stepProperties.action?.enumDescriptions).toEqual([
      'Does nothing.',
      'Runs a shell command.',
    ]);
  });

  it('lists the universes and the defaults', () => {
    expect(stepProperties.universe?.enum).toEqual(['engineer', 'ceremony', 'story']);
    expect(stepProperties.universe?.default).toBe('engineer');
    expect(stepProperties.retries?.default).toBe(0);
  });

  it("validates `with` against each action's own schema", () => {
    expect(step.allOf).toEqual([
      {
        if: { properties: { action: { const: 'noop' } }, required: ['action'] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword.
        then: {
          properties: {
            with: {
              description: `The action's inputs, checked against the action's own schema. Strings may use \${{ }} expressions over inputs and upstream steps.`,
              type: 'object',
              properties: {},
              additionalProperties: false,
            },
          },
        },
      },
      {
        if: { properties: { action: { const: 'shell' } }, required: ['action'] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword.
        then: {
          properties: {
            with: {
              description: `The action's inputs, checked against the action's own schema. Strings may use \${{ }} expressions over inputs and upstream steps.`,
              type: 'object',
              properties: {
                run: { type: 'string', minLength: 1, description: 'The command line.' },
              },
              required: ['run'],
              additionalProperties: false,
            },
          },
          required: ['with'],
        },
      },
    ]);
  });

  it('accepts both duration forms for timeout', () => {
    const timeout = stepProperties.timeout?.anyOf as Schema[];
    expect(timeout.map((option) => option.type)).toEqual(['number', 'string']);
    const pattern = new RegExp(timeout[1]?.pattern as string);
    for (const text of ['500ms', '90s', '10m', '1h', '1h30m', '45']) expect(text).toMatch(pattern);
    expect('10 minutes').not.toMatch(pattern);
  });

  it('works with an empty registry', () => {
    const empty = workflowJsonSchema(createActionRegistry([]));
    const emptyStep = (empty.properties as Record<string, Schema>).steps?.items as Schema;
    expect((emptyStep.properties as Record<string, Schema>).action?.enum).toEqual([]);
    expect(emptyStep.allOf).toEqual([]);
  });
});

describe('workflowJsonSchema with expressions', () => {
  it('describes inputs and if, and lets any non-string action input be an expression', () => {
    const registry = createActionRegistry([
      {
        name: 'count',
        description: 'Counts.',
        input: z.object({ n: z.number().describe('How many.') }).strict(),
        run: async () => ({}),
      },
    ]);
    const json = workflowJsonSchema(registry);
    const props = json.properties as Record<string, Schema>;
    expect(props.inputs?.description).toMatch(/inputs\.name/);
    const stepProps = ((props.steps as Schema).items as Schema).properties as Record<
      string,
      Schema
    >;
    expect(stepProps.if?.description).toMatch(/skipped/);
    const rule = ((props.steps as Schema).items as Schema).allOf as Schema[];
    const then = rule[0]?.then as Schema;
    const withSchema = (then.properties as Record<string, Schema>).with as Schema;
    expect((withSchema.properties as Record<string, Schema>).n).toEqual({
      description: 'How many.',
      anyOf: [
        { type: 'number' },
        {
          type: 'string',
          pattern: '\\$\\{\\{',
          description: `An expression like \${{ inputs.count }}, resolved when the step starts.`,
        },
      ],
    });
  });
});

describe('workflowJsonSchema: triggers, concurrency and runner labels', () => {
  // `on:` is a map of events, or (GitHub's short forms) an event name or a list of them.
  const onForms = (properties.on as Schema).anyOf as Schema[];
  const on = onForms.find((form) => form.type === 'object') as Schema;
  const onProperties = on.properties as Record<string, Schema>;

  it('offers every trigger, described, and no others', () => {
    expect(Object.keys(onProperties)).toEqual([
      'push',
      'pull_request',
      'schedule',
      'webhook',
      'release',
    ]);
    expect(on.additionalProperties).toBe(false);
    expect(String((properties.on as Schema).description)).toContain('by hand');
    expect(JSON.stringify(onForms)).toContain('"enum":["push","pull_request","webhook","release"]');
    for (const trigger of Object.values(onProperties)) {
      expect(JSON.stringify(trigger)).toContain('description');
    }
  });

  it('completes pull request types and schedule fields', () => {
    const text = JSON.stringify(onProperties.pull_request);
    expect(text).toContain('"synchronize"');
    expect(text).toContain('"ready_for_review"');
    const schedule = JSON.stringify(onProperties.schedule);
    for (const key of ['"cron"', '"timezone"', '"catch_up"']) expect(schedule).toContain(key);
  });

  it('describes concurrency (both forms) and runs_on at workflow and step level', () => {
    const concurrency = JSON.stringify(properties.concurrency);
    expect(concurrency).toContain('"cancel_in_progress"');
    expect(concurrency).toContain('"type":"string"');
    expect(String(properties.runs_on?.description)).toContain('Labels');
    expect(String(stepProperties.runs_on?.description)).toContain('Labels');
  });
});

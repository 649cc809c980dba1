import { z } from 'zod';
import type { ActionSpecRegistry } from '../actions/registry.ts';
import { workflowSchema } from './schema.ts';

type JsonSchema = Record<string, unknown>;

const EXPRESSION_STRING: JsonSchema = {
  type: 'string',
  pattern: '\\$\\{\\{',
  description: `An expression like \${{ inputs.count }}, resolved when the step starts.`,
};

/**
 * The workflow file format as JSON Schema (draft 2020-12) for the editor: descriptions on
 * every field, the action names as an enum, and each action's own schema for `with`.
 */
export function workflowJsonSchema(actions: ActionSpecRegistry): JsonSchema {
  const schema = z.toJSONSchema(workflowSchema, { io: 'input', unrepresentable: 'any' });
  const steps = (schema.properties as Record<string, JsonSchema> | undefined)?.steps;
  const step = steps?.items as JsonSchema | undefined;
  const stepProperties = step?.properties as Record<string, JsonSchema> | undefined;
  if (!step || !stepProperties?.action)
    throw new Error('the workflow schema has no steps[].action');

  const names = [...actions.keys()].sort();
  // `enumDescriptions` is the VS Code / yaml-language-server extension monaco-yaml shows on completion.
  stepProperties.action = {
    ...stepProperties.action,
    enum: names,
    enumDescriptions: names.map((name) => actions.get(name)!.description),
  };
  // Sub-workflows: a step runs an action or uses a workflow.
  step.oneOf = [{ required: ['action'] }, { required: ['uses'] }];
  step.allOf = names.map((name) => actionRule(name, actions.get(name)!.input, stepProperties.with));
  return schema;
}

/** `if action is <name> then with must match its input schema` (and be present when required). */
function actionRule(name: string, input: z.ZodType, generic: JsonSchema | undefined): JsonSchema {
  const { $schema: _, ...own } = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' });
  const needsWith = !input.safeParse({}).success;
  // Any input may be given as an expression, resolved when the step starts.
  const properties = own.properties as Record<string, JsonSchema> | undefined;
  if (properties) {
    for (const [key, property] of Object.entries(properties)) {
      // A plain string already accepts an expression; one with a pattern or limits does not.
      const constrained = ['pattern', 'format', 'enum'].some((k) => k in property);
      if (property.type === 'string' && !constrained) continue;
      const { description, ...rest } = property;
      properties[key] = {
        ...(description === undefined ? {} : { description }),
        anyOf: [rest, EXPRESSION_STRING],
      };
    }
  }
  return {
    if: { properties: { action: { const: name } }, required: ['action'] },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
    then: {
      properties: { with: { description: generic?.description, ...own } },
      ...(needsWith ? { required: ['with'] } : {}),
    },
  };
}

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { devActions } from './index.ts';

describe('devActions', () => {
  it('have unique names, a description, outputs and a described strict input', () => {
    const names = devActions.map((a) => a.name);
    expect(names).toEqual([
      'run-tests',
      'schema-validate',
      'build',
      'deploy',
      'notify',
      'wait',
      'deps-outdated',
      'deps-update',
    ]);
    for (const action of devActions) {
      expect(action.description).toMatch(/\.$/);
      expect(Object.keys(action.outputs ?? {}).length).toBeGreaterThan(0);
      const schema = z.toJSONSchema(action.input, { io: 'input' }) as {
        additionalProperties?: boolean;
        properties?: Record<string, { description?: string }>;
      };
      expect(schema.additionalProperties, action.name).toBe(false);
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        expect(property.description, `${action.name}.${field}`).toBeTruthy();
      }
    }
  });
});

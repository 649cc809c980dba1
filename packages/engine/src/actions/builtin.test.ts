import { describe, expect, it } from 'vitest';
import { builtinActionSpecs } from './builtin.ts';

describe('builtinActionSpecs', () => {
  it('lists every action the templates use, each documented, none runnable', () => {
    expect([...builtinActionSpecs.keys()]).toEqual(
      expect.arrayContaining([
        'shell',
        'noop',
        'request-review',
        'git-branch',
        'merge-pr',
        'run-tests',
        'schema-validate',
      ]),
    );
    for (const spec of builtinActionSpecs.values()) {
      expect(spec.description.length).toBeGreaterThan(10);
      expect('run' in spec, spec.name).toBe(false);
    }
  });
});

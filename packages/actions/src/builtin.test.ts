import { builtinActionSpecs, type LogStream } from '@arcflow/engine';
import { describe, expect, it } from 'vitest';
import { builtinActions } from './builtin.ts';
import { noopAction } from './noop.ts';

describe('builtin actions', () => {
  it("implements exactly the engine's specs, in the same order, with the same schemas", () => {
    expect([...builtinActions.keys()]).toEqual([...builtinActionSpecs.keys()]);
    for (const [name, action] of builtinActions) {
      const spec = builtinActionSpecs.get(name)!;
      expect(action.input, name).toBe(spec.input);
      expect(action.description, name).toBe(spec.description);
      expect(action.outputs, name).toBe(spec.outputs);
      expect(typeof action.run, name).toBe('function');
    }
  });
});

describe('noop', () => {
  const run = async (input: { message?: string }) => {
    const lines: Array<[LogStream, string]> = [];
    const result = await noopAction.run({
      input,
      workspaceDir: '/nowhere',
      env: {},
      signal: new AbortController().signal,
      log: (stream, text) => lines.push([stream, text]),
      stepId: 'placeholder',
      attempt: 1,
      runId: 'rtest0000',
      runStartedAt: new Date(0),
      requestApproval: () => Promise.reject(new Error('noop asks no approval')),
    });
    return { result, lines };
  };

  it('logs its message, if any, and succeeds', async () => {
    expect(await run({ message: 'nothing to see' })).toEqual({
      result: {},
      lines: [['stdout', 'nothing to see']],
    });
    expect(await run({})).toEqual({ result: {}, lines: [] });
  });

  it('accepts only `message`', () => {
    expect(noopAction.input.safeParse({}).success).toBe(true);
    expect(noopAction.input.safeParse({ message: 'hi' }).success).toBe(true);
    expect(noopAction.input.safeParse({ msg: 'hi' }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../expressions/types.ts';
import { concurrencyGroup } from './concurrency.ts';

const workflow = (group: string) => ({
  name: 'deploy',
  concurrency: { group, cancelInProgress: true },
});

describe('concurrencyGroup', () => {
  it('evaluates the group against the event, the inputs and the workflow', () => {
    const event = { kind: 'push' as const, branch: 'main', sha: 'abc123' };
    expect(concurrencyGroup(workflow(`deploy-\${{ event.branch }}`), event, {})).toBe(
      'deploy-main',
    );
    expect(
      concurrencyGroup(workflow(`\${{ workflow.name }}/\${{ inputs.environment }}`), event, {
        environment: 'production',
      }),
    ).toBe('deploy/production');
  });

  it('reads pull request fields, and gives empty text for fields another kind lacks', () => {
    const event = {
      kind: 'pull_request' as const,
      pr: { number: 42, title: 'Fix', base: 'main', head: 'fix', action: 'opened' as const },
    };
    expect(concurrencyGroup(workflow(`pr-\${{ event.pr.number }}`), event, {})).toBe('pr-42');
    expect(
      concurrencyGroup(workflow(`pr-\${{ event.pr.number }}`), { kind: 'push', branch: 'x' }, {}),
    ).toBe('pr-');
  });

  it('treats a run without an event as manual', () => {
    expect(concurrencyGroup(workflow(`\${{ event.kind }}`), undefined, {})).toBe('manual');
  });

  it('is undefined without concurrency:, or when the group evaluates to nothing', () => {
    expect(concurrencyGroup({ name: 'x' }, undefined, {})).toBeUndefined();
    expect(concurrencyGroup(workflow(`\${{ event.tag }}`), { kind: 'push' }, {})).toBeUndefined();
  });

  it('throws an ExpressionError when the expression cannot be evaluated', () => {
    expect(() => concurrencyGroup(workflow(`\${{ inputs.missing }}`), undefined, {})).toThrow(
      ExpressionError,
    );
  });
});

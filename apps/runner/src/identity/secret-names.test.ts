import { describe, expect, it } from 'vitest';
import {
  declaredWorkflowName,
  mentionsSecrets,
  parseWorkflowKnowingSecrets,
} from './secret-names.ts';

const workflow = (name: string, secret: string) => `name: ${name}
steps:
  - id: a
    action: shell
    env: { K: "\${{ secrets.${secret} }}" }
    with: { run: 'echo "$K"' }
`;

describe('validation that knows the secret names', () => {
  it("reads the workflow's name without expanding aliases, also from an invalid workflow", () => {
    expect(declaredWorkflowName('name: x\na: &a [1]\nb: *a\nsteps: 3')).toBe('x');
    expect(declaredWorkflowName(': : [')).toBeUndefined();
    expect(declaredWorkflowName('- a')).toBeUndefined();
    expect(declaredWorkflowName('name: 3')).toBeUndefined();
  });

  it('reads nothing more of text nested too deep: validation refuses it at once', async () => {
    const asked: string[] = [];
    const lookup = async (workflowName: string) => {
      asked.push(workflowName);
      return [];
    };
    const deep = `name: x\nenv: { K: "\${{ secrets.K }}" }\nsteps: ${'['.repeat(300_000)}\n`;
    const started = performance.now();
    const result = await parseWorkflowKnowingSecrets(deep, 'x.yaml', lookup);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['too-deep']);
    expect(asked).toEqual([]);
  });

  it('asks for the names of the named workflow only when the text refers to a secret', async () => {
    const asked: string[] = [];
    const lookup = async (workflowName: string) => {
      asked.push(workflowName);
      return workflowName === 'release' ? ['DEPLOY_KEY'] : [];
    };
    expect(mentionsSecrets('run: echo secrets are fun')).toBe(false);
    const plain = 'name: plain\nsteps:\n  - id: a\n    action: shell\n    with: { run: echo }\n';
    expect((await parseWorkflowKnowingSecrets(plain, 'p.yaml', lookup)).diagnostics).toEqual([]);
    expect(asked).toEqual([]);

    const ok = await parseWorkflowKnowingSecrets(
      workflow('release', 'DEPLOY_KEY'),
      'r.yaml',
      lookup,
    );
    expect(ok.diagnostics).toEqual([]);
    const elsewhere = await parseWorkflowKnowingSecrets(
      workflow('nightly', 'DEPLOY_KEY'),
      'n.yaml',
      lookup,
    );
    expect(elsewhere.diagnostics).toEqual([
      expect.objectContaining({
        file: 'n.yaml',
        line: 5,
        column: 20,
        message:
          'step "a": env.K: unknown secret DEPLOY_KEY; set it with: arcflow secret set DEPLOY_KEY',
      }),
    ]);
    expect(asked).toEqual(['release', 'nightly']);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionRegistry } from '../actions/registry.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { diffDefinitions } from '../revisions/diff.ts';
import type { RunState } from '../scheduler/types.ts';
import { childOutcome, evaluateWorkflowOutputs } from '../sub-workflows/child-result.ts';
import { testStep, testWorkflow } from '../testing/harness.ts';
import { parseWorkflow } from './parse.ts';
import type { SubWorkflowLookup } from './sub-workflow-checks.ts';
import { SUB_WORKFLOW_ACTION, type WorkflowDefinition } from './types.ts';

const actions = createActionRegistry([
  {
    name: 'shell',
    description: 'Runs a shell command.',
    input: z.object({ run: z.string().min(1) }).strict(),
    outputs: { stdout: 'What it printed.' },
    run: async () => ({}),
  },
]);

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

/** A lookup over YAML texts by name, each parsed on its own (as the runner's loader does). */
function lookupOf(files: Record<string, string>): SubWorkflowLookup {
  return {
    find: (name) => {
      const text = files[name];
      if (text === undefined) return undefined;
      const { definition } = parseWorkflow(text, { file: `${name}.yaml`, actions });
      return definition ? { definition } : {};
    },
    names: () => Object.keys(files),
  };
}

const release = yaml(
  'name: release',
  'inputs:',
  '  version: { type: string }',
  '  dry_run: { type: boolean, default: false }',
  'steps:',
  '  - id: tag',
  '    action: shell',
  `    with: { run: "echo \${{ inputs.version }}" }`,
  'outputs:',
  `  version: "\${{ steps.tag.outputs.stdout }}"`,
);

function located(text: string, files: Record<string, string> = {}): string[] {
  const { diagnostics } = parseWorkflow(text, {
    file: 'wf.yaml',
    actions,
    workflows: lookupOf(files),
  });
  return diagnostics.map((d: Diagnostic) => `${d.line}:${d.column} ${d.code} ${d.message}`);
}

describe('uses: a workflow as a step', () => {
  it('parses into a step with uses, the reserved action and with as written', () => {
    const text = yaml(
      'name: delivery',
      'steps:',
      '  - id: ship',
      '    uses: release',
      `    with: { version: "\${{ inputs.v }}" }`,
      'inputs:',
      '  v: {}',
    );
    const { definition, diagnostics } = parseWorkflow(text, {
      file: 'wf.yaml',
      actions,
      workflows: lookupOf({ release }),
    });
    expect(diagnostics).toEqual([]);
    expect(definition?.steps[0]).toMatchObject({
      id: 'ship',
      uses: 'release',
      action: SUB_WORKFLOW_ACTION,
      with: { version: `\${{ inputs.v }}` },
    });
  });

  it('refuses a step with both action and uses, or neither, where it is', () => {
    expect(
      located(
        yaml(
          'name: delivery',
          'steps:',
          '  - id: both',
          '    action: shell',
          '    with: { run: x }',
          '    uses: release',
          '  - id: neither',
          '    beat: hello',
        ),
      ),
    ).toEqual([
      '6:5 schema step "both": has both action: and uses:; a step runs an action or uses a workflow, so remove one',
      '7:5 schema step "neither": says nothing to do; give it action: (an action to run) or uses: (a workflow to run)',
    ]);
  });

  it('names an unknown workflow with a did-you-mean', () => {
    expect(
      located(yaml('name: delivery', 'steps:', '  - id: ship', '    uses: relase'), { release }),
    ).toEqual([
      '4:11 unknown-workflow step "ship": no workflow named "relase" in the workspace or the templates; did you mean "release"? Known workflows: release',
    ]);
  });

  it("checks with: against the child's inputs: unknown names, missing required ones, types", () => {
    expect(
      located(
        yaml(
          'name: delivery',
          'steps:',
          '  - id: ship',
          '    uses: release',
          '    with:',
          '      dry_rn: true',
          '  - id: again',
          '    uses: release',
          '    with: { version: "1.0", dry_run: maybe }',
        ),
        { release },
      ),
    ).toEqual([
      '4:11 bad-input step "ship": workflow "release" needs input "version"; add it under with:',
      '6:7 bad-input step "ship": with.dry_rn: unknown input; did you mean "dry_run"? "release" takes: version, dry_run',
      '9:38 bad-input step "again": with.dry_run: input "dry_run" must be true or false, got "maybe"',
    ]);
  });

  it('refuses a cycle between workflows, naming its path at the uses: line', () => {
    const a = yaml('name: a', 'steps:', '  - id: call-b', '    uses: b');
    const b = yaml('name: b', 'steps:', '  - id: call-a', '    uses: a');
    expect(located(a, { a, b })).toEqual([
      '4:11 cycle step "call-b": sub-workflow cycle: a → b → a',
    ]);
    const self = yaml('name: a', 'steps:', '  - id: again', '    uses: a');
    expect(located(self, { a: self })).toEqual([
      '4:11 cycle step "again": sub-workflow cycle: a → a',
    ]);
  });

  it('refuses nesting deeper than 10', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      files[`w${i}`] = yaml(`name: w${i}`, 'steps:', '  - id: s', `    uses: w${i + 1}`);
    }
    files.w12 = yaml(
      'name: w12',
      'steps:',
      '  - id: s',
      '    action: shell',
      '    with: { run: x }',
    );
    expect(located(files.w0!, files)).toEqual([
      '4:11 cycle step "s": sub-workflows nest more than 10 deep: w0 → w1 → w2 → w3 → w4 → w5 → w6 → w7 → w8 → w9 → w10 → w11',
    ]);
  });
});

describe('outputs: what a run hands back', () => {
  it('is kept in the definition and its expressions are checked', () => {
    const { definition } = parseWorkflow(release, { file: 'release.yaml', actions });
    expect(definition?.outputs).toEqual({ version: `\${{ steps.tag.outputs.stdout }}` });
    expect(
      located(
        yaml(
          'name: release',
          'steps:',
          '  - id: tag',
          '    action: shell',
          '    with: { run: x }',
          'outputs:',
          `  version: "\${{ steps.tagg.outputs.stdout }}"`,
          `  bad: "\${{ secrets.X }}"`,
        ),
      ),
    ).toEqual([
      '7:12 schema outputs.version: no step "tagg" in this workflow; did you mean "tag"?',
      '8:8 schema outputs.bad: secrets.… cannot be read in outputs:; use steps.<id>.outputs.<name> or inputs.<name>',
    ]);
  });

  it("are evaluated over a succeeded run and become the parent's step outputs", () => {
    const definition = parseWorkflow(release, { file: 'release.yaml', actions })
      .definition as WorkflowDefinition;
    const state: RunState = {
      status: 'succeeded',
      resumed: false,
      cancelRequested: false,
      inputs: { version: '2.0' },
      steps: {
        tag: {
          id: 'tag',
          status: 'succeeded',
          attempts: 1,
          failures: 0,
          outputs: { stdout: 'v2' },
        },
      },
    };
    expect(evaluateWorkflowOutputs(definition, state)).toEqual({ version: 'v2' });
    expect(childOutcome('r1', definition, state)).toEqual({
      kind: 'succeeded',
      outputs: { version: 'v2' },
      summary: 'the release arc held: 1 beat (run r1)',
    });
    const failed: RunState = {
      ...state,
      status: 'failed',
      steps: {
        tag: {
          id: 'tag',
          status: 'failed',
          attempts: 1,
          failures: 1,
          lastFailure: { reason: 'exit-code', message: 'exited with code 1', exitCode: 1 },
        },
      },
    };
    expect(childOutcome('r1', definition, failed)).toMatchObject({
      kind: 'failed',
      failure: {
        message: 'workflow release (run r1) failed at "tag": exited with code 1',
        details: { childRunId: 'r1', failedSteps: ['tag'] },
      },
    });
  });
});

describe('a uses: step across revisions', () => {
  it('changes like an action when it uses another workflow, so a resume on it runs it again', () => {
    const uses = (workflow: string) =>
      testWorkflow([testStep('ship', [], { action: SUB_WORKFLOW_ACTION, uses: workflow })]);
    expect(diffDefinitions(uses('release'), uses('hotfix')).steps[0]).toMatchObject({
      step: 'ship',
      kind: 'changed',
      parts: ['action'],
    });
    expect(diffDefinitions(uses('release'), uses('release')).steps[0]).toMatchObject({
      kind: 'unchanged',
    });
  });
});

import type { NewRunEvent, WorkflowDefinition } from '@arcflow/engine';
import type { CreateRunInput, Store } from '../src/index.ts';

export const definition: WorkflowDefinition = {
  name: 'feature-delivery',
  narrative: 'A new capability journeys from idea to production',
  env: {},
  inputs: [],
  steps: [
    {
      id: 'validate',
      action: 'schema-validate',
      universe: 'engineer',
      dependsOn: [],
      beat: 'Validation confirms structural integrity',
      with: {},
      retries: 0,
      env: {},
    },
    {
      id: 'test',
      action: 'run-tests',
      universe: 'engineer',
      dependsOn: ['validate'],
      with: { command: 'npm test' },
      timeoutMs: 600_000,
      retries: 1,
      env: {},
    },
    {
      id: 'approve',
      action: 'approval',
      universe: 'ceremony',
      dependsOn: ['test'],
      with: {},
      retries: 0,
      env: {},
    },
  ],
};

export const definitionYaml = 'name: feature-delivery\nsteps: []\n';

export function runInput(overrides: Partial<CreateRunInput> = {}): CreateRunInput {
  return {
    workflowName: definition.name,
    workflowFile: '.mia/workflows/feature-delivery.yaml',
    workspaceDir: '/tmp/ws',
    definitionYaml,
    definition,
    inputs: { branch: 'main' },
    triggeredBy: 'cli',
    ...overrides,
  };
}

export function stepStarted(stepId: string, attempt = 1, at = new Date()): NewRunEvent {
  return {
    type: 'step.started',
    at,
    stepId,
    attempt,
    story: { kind: 'rising', text: `${stepId} begins` },
  };
}

export function runStarted(at = new Date()): NewRunEvent {
  return {
    type: 'run.started',
    at,
    story: { kind: 'exposition', text: 'A new capability journeys from idea to production' },
    data: { inputs: { branch: 'main' } },
  };
}

/** Takes a claimed run to `running`, as the runner's first commit does. */
export function startRun(store: Store, runId: string) {
  return store.events.commit(runId, { run: { status: 'running' }, events: [runStarted()] });
}

import type { AppRouter } from '@arcflow/runner';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type WorkflowSummary = Outputs['workflows']['list'][number];
export type WorkflowDetail = Outputs['workflows']['get'];
export type WorkflowInput = NonNullable<WorkflowDetail['definition']>['inputs'][number];
export type Diagnostic = Outputs['workflows']['validate']['diagnostics'][number];
export type RunDetail = Outputs['runs']['get'];
export type RunStep = RunDetail['steps'][number];
export type RunEvent = Outputs['runs']['events'][number];
export type RunSummary = Outputs['runs']['list']['items'][number];
export type RunInputs = NonNullable<Inputs['runs']['start']['inputs']>;

export type { RunStatus, StepStatus, StoryKind, Universe } from '@arcflow/runner';

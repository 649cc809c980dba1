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
/** A resume (optionally on the current definition), a retry or a rerun of a recorded run. */
export type RetellRequest = Inputs['runs']['preview'];
/** The resolution preview of a `RetellRequest`: what will run, in order, and why. */
export type RetellPreview = Outputs['runs']['preview'];

export type { RunStatus, StepStatus, StoryKind, Universe } from '@arcflow/runner';

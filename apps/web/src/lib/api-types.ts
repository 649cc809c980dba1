import type { AppRouter } from '@arcflow/runner';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type WorkflowSummary = Outputs['workflows']['list'][number];
export type WorkflowDetail = Outputs['workflows']['get'];
export type WorkflowInput = NonNullable<WorkflowDetail['definition']>['inputs'][number];
export type Diagnostic = Outputs['workflows']['validate']['diagnostics'][number];
/** The whole run (`runs.get`): every step with its outputs, failures and attempts. */
export type RunFull = Outputs['runs']['get'];
/** The run as its page has it (`runs.overview`): steps summarised, the story's latest events. */
export type RunDetail = Outputs['runs']['overview'];
/** A step as the run page has it: attempts only where the step does not tell them (`attemptsOf`). */
export type RunStep = RunDetail['steps'][number];
export type RunEvent = Outputs['runs']['events'][number];
export type RunSummary = Outputs['runs']['list']['items'][number];
export type RunInputs = NonNullable<Inputs['runs']['start']['inputs']>;
/** A resume (optionally on the current definition), a retry or a rerun of a recorded run. */
export type RetellRequest = Inputs['runs']['preview'];
/** The resolution preview of a `RetellRequest`: what will run, in order, and why. */
export type RetellPreview = Outputs['runs']['preview'];
/** Who started a run: a signed-in user (with their id) or the local person; null when unknown. */
export type StartedBy = RunDetail['startedBy'];
/**
 * A ceremony step's rule and the decisions on its latest attempt. Only a `request-review` step
 * that has started has one: `RunStep` is a union, narrowed by `'approval' in step`.
 */
export type StepApproval = Extract<RunStep, { approval: unknown }>['approval'];
export type ApprovalDecision = StepApproval['decisions'][number];
/** `runs.canDecide`: whether the caller may approve or reject the step now, else why not. */
export type CanDecide = Outputs['runs']['canDecide'];

/** `auth.me`: who the UI talks as (null when nobody is signed in) and how one signs in. */
export type Me = Outputs['auth']['me'];
export type SignInProvider = Me['signIn']['providers'][number];

export type UserJson = Outputs['users']['list'][number];
export type TokenJson = Outputs['tokens']['list'][number];
export type SecretJson = Outputs['secrets']['list'][number];
export type AuditQuery = NonNullable<Inputs['audit']['list']>;
export type AuditPage = Outputs['audit']['list'];
export type AuditEntryJson = AuditPage['entries'][number];

export type { RunStatus, StepStatus, StoryKind, Universe } from '@arcflow/runner';

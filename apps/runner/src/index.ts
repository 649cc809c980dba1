// The runner's public surface for other packages: types only (the web app imports
// `type AppRouter` for its tRPC client). Nothing here runs code when imported.

export type { RunEventType, RunStatus, StepStatus, StoryKind, Universe } from '@arcflow/engine';
export type { RunEventJson, RunEventMessage } from './api/event-json.ts';
export type { AppRouter } from './api/router.ts';
export type { LogLineJson } from './api/streams.ts';

import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { compareRouter } from './compare.ts';
import { deliveriesRouter } from './deliveries.ts';
import { runnersRouter } from './runners.ts';
import { runsRouter } from './runs.ts';
import { secretsRouter } from './secrets.ts';
import { templatesRouter } from './templates.ts';
import { tokensRouter } from './tokens.ts';
import { router } from './trpc.ts';
import { usersRouter } from './users.ts';
import { workflowsRouter } from './workflows.ts';

/** The runner's API: what the web app (and any other client) can ask of a runner. */
export const appRouter = router({
  auth: authRouter,
  workflows: workflowsRouter,
  templates: templatesRouter,
  runs: runsRouter,
  compare: compareRouter,
  users: usersRouter,
  tokens: tokensRouter,
  secrets: secretsRouter,
  audit: auditRouter,
  deliveries: deliveriesRouter,
  runners: runnersRouter,
});

export type AppRouter = typeof appRouter;

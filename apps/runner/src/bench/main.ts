// Arcflow's benchmark: start-up, validation, scheduling and execution, each with ratios
// against a floor measured in the same run (`node -e 0`, a raw PostgreSQL commit, make).
// Run with `pnpm bench`. PostgreSQL figures use a scratch database on ARCFLOW_TEST_DATABASE_URL.
import { benchExecution } from './execution.ts';
import { benchScheduler } from './scheduler.ts';
import { benchStartup } from './startup.ts';
import { benchValidation } from './validation.ts';

benchStartup();
benchValidation();
benchScheduler();
await benchExecution();

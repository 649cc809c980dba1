import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPostgresDatabase, type TestPostgresDatabase } from '@arcflow/db/testing';
import {
  API_PORT,
  API_URL,
  KEEP_WORKSPACE,
  LOCAL_PERSON,
  LOCAL_WEBHOOK_SECRET,
  processEnvironment,
  REPO_ROOT,
  SCREENSHOTS_DIR,
  STATE_DIR,
  shareLocalDatabase,
  shareTeamWorkspace,
  shareWorkspace,
  TEAM_API_PORT,
  TEAM_API_URL,
  TEAM_USERS,
  TEAM_WEB_PORT,
  TEAM_WEB_URL,
  WEB_BUILD_DIR,
  WEB_PORT,
  WEB_URL,
} from './env.ts';
import {
  assertPortFree,
  ensureWebBuild,
  log,
  NEXT_BIN,
  PIDS_FILE,
  type Server,
  start,
  stop,
  stopLeftovers,
  waitFor,
} from './servers.ts';
import { createWorkspace } from './workspace.ts';

// Real runner, real PostgreSQL, real browser: a fresh database, a fresh git workspace,
// `arcflow serve` and `next start` of the built web app. Returns the teardown.

/** One runner and its web app, on their own database and workspace. */
interface Stage {
  servers: Server[];
  database: TestPostgresDatabase;
  workspace: string;
}

interface StageOptions {
  name: string;
  apiPort: number;
  apiUrl: string;
  webPort: number;
  webUrl: string;
  /** Extra `arcflow serve` arguments (`--team`). */
  serveArgs?: string[];
  runnerEnv?: Record<string, string>;
}

const ARCFLOW_BIN = join(REPO_ROOT, 'apps/runner/bin/arcflow.mjs');

/**
 * Starts a stage; what it started is pushed to `started` as it goes, so a failure half-way
 * still stops it all.
 */
async function startStage(options: StageOptions, started: Partial<Stage>[]): Promise<Stage> {
  const stage: Partial<Stage> = { servers: [] };
  started.push(stage);
  stage.database = await createTestPostgresDatabase();
  stage.workspace = createWorkspace();
  log(`${options.name}: database ${stage.database.name}, workspace ${stage.workspace}`);

  const runner = start(
    `${options.name}-runner`,
    process.execPath,
    [
      ARCFLOW_BIN,
      'serve',
      '--port',
      String(options.apiPort),
      '--workspace',
      stage.workspace,
      ...(options.serveArgs ?? []),
    ],
    REPO_ROOT,
    { ...processEnvironment(), DATABASE_URL: stage.database.url, ...options.runnerEnv },
  );
  stage.servers?.push(runner);
  const web = start(
    `${options.name}-web`,
    process.execPath,
    [NEXT_BIN, 'start', '--port', String(options.webPort)],
    WEB_BUILD_DIR,
    {
      ...processEnvironment(),
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
      ARCFLOW_API_URL: options.apiUrl,
    },
  );
  stage.servers?.push(web);
  await Promise.all([
    waitFor(runner, `${options.apiUrl}/healthz`, 60_000),
    waitFor(web, options.webUrl, 60_000),
  ]);
  log(`${options.name}: runner ${options.apiUrl} and web app ${options.webUrl} are up`);
  return stage as Stage;
}

/** Adds the team stage's people with `arcflow user add` (an admin command on the server). */
function addTeamUsers(databaseUrl: string): void {
  for (const user of TEAM_USERS) {
    const result = spawnSync(
      process.execPath,
      [ARCFLOW_BIN, 'user', 'add', user.username, '--role', user.role, '--password-stdin'],
      {
        cwd: REPO_ROOT,
        input: `${user.password}\n`,
        encoding: 'utf8',
        env: { ...processEnvironment(), DATABASE_URL: databaseUrl },
      },
    );
    if (result.status !== 0) {
      throw new Error(`arcflow user add ${user.username} failed:\n${result.stderr}`);
    }
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(STATE_DIR, { recursive: true });
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  stopLeftovers();
  ensureWebBuild();
  await assertPortFree(API_PORT, 'the runner');
  await assertPortFree(WEB_PORT, 'the web app');
  await assertPortFree(TEAM_API_PORT, 'the team-mode runner');
  await assertPortFree(TEAM_WEB_PORT, 'the team-mode web app');

  const stages: Partial<Stage>[] = [];
  const teardown = async () => {
    for (const stage of stages.reverse()) {
      for (const server of (stage.servers ?? []).reverse()) await stop(server);
    }
    rmSync(PIDS_FILE, { force: true });
    for (const { database, workspace } of stages) {
      if (database)
        await database.drop().catch((e) => log(`could not drop ${database.name}: ${e}`));
      if (workspace && !KEEP_WORKSPACE) rmSync(workspace, { recursive: true, force: true });
      else if (workspace) log(`workspace kept: ${workspace}`);
    }
  };
  const recordPids = () =>
    writeFileSync(
      PIDS_FILE,
      JSON.stringify(stages.flatMap((stage) => (stage.servers ?? []).map((s) => s.child.pid))),
    );

  let local: Stage;
  let team: Stage;
  try {
    [local, team] = await Promise.all([
      startStage(
        {
          name: 'local',
          apiPort: API_PORT,
          apiUrl: API_URL,
          webPort: WEB_PORT,
          webUrl: WEB_URL,
          runnerEnv: {
            ARCFLOW_ALLOWED_ORIGINS: `http://localhost:${WEB_PORT},http://127.0.0.1:${WEB_PORT}`,
            // The local person, whoever runs the tests (git's highest-precedence settings).
            GIT_CONFIG_COUNT: '1',
            GIT_CONFIG_KEY_0: 'user.name',
            GIT_CONFIG_VALUE_0: LOCAL_PERSON,
            ARCFLOW_WEBHOOK_SECRET: LOCAL_WEBHOOK_SECRET,
          },
        },
        stages,
      ),
      startStage(
        {
          name: 'team',
          apiPort: TEAM_API_PORT,
          apiUrl: TEAM_API_URL,
          webPort: TEAM_WEB_PORT,
          webUrl: TEAM_WEB_URL,
          serveArgs: ['--team'],
          runnerEnv: {
            ARCFLOW_ALLOWED_ORIGINS: TEAM_WEB_URL,
            ARCFLOW_PUBLIC_URL: TEAM_API_URL,
          },
        },
        stages,
      ),
    ]);
    recordPids();
    addTeamUsers(team.database.url);
    log('logs in e2e/.state/');
  } catch (error) {
    recordPids();
    await teardown();
    throw error;
  }

  // The tests read them (global setup's environment reaches the workers).
  shareWorkspace(local.workspace);
  shareLocalDatabase(local.database.url);
  shareTeamWorkspace(team.workspace);
  return teardown;
}

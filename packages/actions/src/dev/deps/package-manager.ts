import { join } from 'node:path';
import { StepFailure } from '@arcflow/engine';
import { type ProcessContext, type ProcessResult, runProcess } from '../../process/run-process.ts';
import { exists, isRecord, readJson } from '../files.ts';

/** The package managers the deps actions drive. */
export type PackageManager = 'npm' | 'pnpm';

export interface Project {
  manager: PackageManager;
  /** A workspace with several packages (pnpm-workspace.yaml, or package.json `workspaces`). */
  workspace: boolean;
  /** The root package.json, when there is one. */
  manifest: Record<string, unknown> | undefined;
}

/** The sections of package.json that list dependencies, with npm's flag to save into each. */
export const DEPENDENCY_SECTIONS = {
  dependencies: '--save-prod',
  devDependencies: '--save-dev',
  optionalDependencies: '--save-optional',
} as const;
export type DependencySection = keyof typeof DEPENDENCY_SECTIONS;

/** pnpm when pnpm-lock.yaml is there, else npm (package-lock.json or no lockfile). */
export async function detectProject(dir: string): Promise<Project> {
  const manifest = await readJson(join(dir, 'package.json'));
  const pkg = isRecord(manifest) ? manifest : undefined;
  if (!pkg && !(await exists(join(dir, 'pnpm-lock.yaml')))) {
    const message = `no package.json in ${dir}: the deps actions work on npm and pnpm projects`;
    throw new StepFailure({ reason: 'error', message, summary: message, retriable: false });
  }
  if (await exists(join(dir, 'pnpm-lock.yaml'))) {
    return {
      manager: 'pnpm',
      workspace: await exists(join(dir, 'pnpm-workspace.yaml')),
      manifest: pkg,
    };
  }
  return { manager: 'npm', workspace: pkg?.workspaces !== undefined, manifest: pkg };
}

/** The direct dependencies named in package.json, by section. */
export function directDependencies(
  manifest: Record<string, unknown> | undefined,
): Map<string, DependencySection> {
  const found = new Map<string, DependencySection>();
  for (const section of Object.keys(DEPENDENCY_SECTIONS) as DependencySection[]) {
    const deps = manifest?.[section];
    if (!isRecord(deps)) continue;
    for (const name of Object.keys(deps)) if (!found.has(name)) found.set(name, section);
  }
  return found;
}

/** Quiet, non-interactive package manager runs. */
const MANAGER_ENV: Record<string, string> = {
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};

/** Runs the package manager in the workspace (logged, abortable); `okCodes` as runProcess. */
export function runManager(
  ctx: ProcessContext,
  project: Project,
  args: readonly string[],
  options: { okCodes?: readonly number[]; quietStdout?: boolean } = {},
): Promise<ProcessResult> {
  return runProcess(ctx, {
    command: project.manager,
    args,
    env: MANAGER_ENV,
    echo: true,
    label: `${project.manager} ${args[0] ?? ''}`.trim(),
    ...options,
  });
}

/**
 * JSON the package manager printed, or a StepFailure saying what it printed instead. An
 * `{ error }` object fails too, unless `tolerateError` (npm ls reports extraneous packages so).
 */
export function managerJson(result: ProcessResult, what: string, tolerateError = false): unknown {
  const text = result.stdout.trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StepFailure(
      {
        reason: 'error',
        message: `${what} did not print JSON`,
        summary: `${what} did not print JSON (see the log)`,
        lastLines: result.lastLines,
      },
      { cause: error },
    );
  }
  if (isRecord(value) && isRecord(value.error) && !tolerateError) {
    const summary = [value.error.summary, value.error.detail]
      .filter((part) => typeof part === 'string' && part !== '')
      .join(' ');
    const code = typeof value.error.code === 'string' ? ` (${value.error.code})` : '';
    throw new StepFailure({
      reason: 'error',
      message: `${what} failed${code}`,
      summary: `${what} failed${code}: ${summary || 'see the log'}`,
      lastLines: result.lastLines,
      details: { error: value.error },
    });
  }
  return value;
}

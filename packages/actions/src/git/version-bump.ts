import { access, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { ActionContext } from '@arcflow/engine';
import { StepFailure, type VersionBumpInput, versionBumpSpec } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { commitsSince } from './commits-since.ts';
import { recommendLevel } from './conventional-commits.ts';
import { formatJsonText, type JsonText, parseJsonText } from './json-text.ts';
import { runGit } from './run-git.ts';
import {
  formatVersion,
  incVersion,
  parseVersion,
  type ReleaseLevel,
  type SemVer,
} from './semver.ts';

export const versionBumpAction = defineAction(versionBumpSpec, async (ctx) => {
  const { preid, file, version: exact, write } = ctx.input;
  const path = resolve(ctx.workspaceDir, file);
  const manifest = await readJson(path, file);
  const object = asObject(manifest.value, file);
  const current = object.version;
  if (current === undefined) fail(`${file} has no "version" field`);
  if (typeof current !== 'string' || parseVersion(current) === undefined) {
    fail(`${file} has an invalid version ${JSON.stringify(current)} (expected e.g. "1.2.3")`);
  }
  const previous = current;
  const { level, reason } =
    exact !== undefined
      ? { level: 'set', reason: 'set, as asked' }
      : await chooseLevel(ctx, parseVersion(previous)!);
  const next = formatVersion(
    exact !== undefined
      ? parseVersion(exact)!
      : incVersion(parseVersion(previous)!, level as ReleaseLevel, preid),
  );
  const why = ctx.input.level === 'auto' && exact === undefined ? reason : level;

  // Read everything before writing anything, so a broken lock file changes nothing.
  const lockPath = join(dirname(path), 'package-lock.json');
  const hasLock = basename(path) === 'package.json' && (await exists(lockPath));
  const lock = hasLock ? await readJson(lockPath, 'package-lock.json') : undefined;

  const files = [relative(ctx.workspaceDir, path)];
  if (lock) files.push(relative(ctx.workspaceDir, lockPath));
  if (!write) {
    return {
      outputs: { previous, version: next, level, reason, files },
      summary: `the next version is ${next}, from ${previous} (${why}); ${files[0]} not written yet`,
    };
  }
  object.version = next;
  await writeFile(path, formatJsonText(object, manifest.style));
  if (lock) {
    const lockObject = asObject(lock.value, 'package-lock.json');
    if (typeof lockObject.version === 'string') lockObject.version = next;
    const root = (lockObject.packages as Record<string, Record<string, unknown>> | undefined)?.[''];
    if (root && typeof root === 'object' && 'version' in root) root.version = next;
    await writeFile(lockPath, formatJsonText(lockObject, lock.style));
  }
  return {
    outputs: { previous, version: next, level, reason, files },
    summary: `bumped ${files[0]} from ${previous} to ${next} (${why})`,
  };
});

/** The input's level, or for `auto` the one the Conventional Commits since the latest tag call for. */
async function chooseLevel(
  ctx: ActionContext<VersionBumpInput>,
  current: SemVer,
): Promise<{ level: ReleaseLevel; reason: string }> {
  const { level } = ctx.input;
  if (level !== 'auto') return { level, reason: `${level}, as asked` };
  const repo = await runGit(ctx, ['rev-parse', '--git-dir'], { okCodes: [128], quietStdout: true });
  if (repo.code !== 0) {
    fail(
      'level: auto reads the commits since the latest tag, but the workspace is not a git repository (set level to major, minor or patch)',
    );
  }
  const { start, commits } = await commitsSince(ctx, undefined, 'choose the release level');
  return recommendLevel(commits, current, start.label);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function readJson(path: string, name: string): Promise<JsonText> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new StepFailure(
      {
        reason: 'error',
        message: `${name} ${why} (${path})`,
        summary: `${name} ${why}${code === 'ENOENT' ? ' (set `file` to your manifest)' : ''}`,
        retriable: false,
        details: { file: path },
      },
      { cause: error },
    );
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) fail(`${name} is not valid JSON: ${parsed.error}`, { file: path });
  return parsed.json;
}

function asObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${name} does not hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

function fail(summary: string, details?: Record<string, unknown>): never {
  throw new StepFailure({
    reason: 'error',
    message: summary,
    summary,
    retriable: false,
    ...(details ? { details } : {}),
  });
}

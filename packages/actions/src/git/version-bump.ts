import { access, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { StepFailure, versionBumpSpec } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { formatJsonText, type JsonText, parseJsonText } from './json-text.ts';
import { formatVersion, incVersion, parseVersion } from './semver.ts';

export const versionBumpAction = defineAction(versionBumpSpec, async (ctx) => {
  const { level, preid, file, version: exact } = ctx.input;
  const path = resolve(ctx.workspaceDir, file);
  const manifest = await readJson(path, file);
  const object = asObject(manifest.value, file);
  const current = object.version;
  if (current === undefined) fail(`${file} has no "version" field`);
  if (typeof current !== 'string' || parseVersion(current) === undefined) {
    fail(`${file} has an invalid version ${JSON.stringify(current)} (expected e.g. "1.2.3")`);
  }
  const previous = current;
  const next = formatVersion(
    exact !== undefined ? parseVersion(exact)! : incVersion(parseVersion(previous)!, level, preid),
  );

  // Read everything before writing anything, so a broken lock file changes nothing.
  const lockPath = join(dirname(path), 'package-lock.json');
  const hasLock = basename(path) === 'package.json' && (await exists(lockPath));
  const lock = hasLock ? await readJson(lockPath, 'package-lock.json') : undefined;

  object.version = next;
  await writeFile(path, formatJsonText(object, manifest.style));
  const files = [relative(ctx.workspaceDir, path)];
  if (lock) {
    const lockObject = asObject(lock.value, 'package-lock.json');
    if (typeof lockObject.version === 'string') lockObject.version = next;
    const root = (lockObject.packages as Record<string, Record<string, unknown>> | undefined)?.[''];
    if (root && typeof root === 'object' && 'version' in root) root.version = next;
    await writeFile(lockPath, formatJsonText(lockObject, lock.style));
    files.push(relative(ctx.workspaceDir, lockPath));
  }
  const how = exact !== undefined ? 'set' : level;
  return {
    outputs: { previous, version: next, files },
    summary: `bumped ${files[0]} from ${previous} to ${next} (${how})`,
  };
});

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

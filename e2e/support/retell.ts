import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { api, workspaceDir } from './fixtures.ts';

// Helpers for the re-telling tests (resume on the current definition, retry, rerun): their
// own workflows in the shared workspace, and marker files their steps append to.

/** Writes `.mia/workflows/<name>.yaml` into the shared workspace (the runner reads it as is). */
export function writeWorkflow(name: string, yaml: string): void {
  const dir = join(workspaceDir(), '.mia', 'workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.yaml`), yaml);
}

/** A marker file under the workspace's git-ignored `.mia/state/`, by its path from the workspace. */
export function markerPath(name: string): string {
  mkdirSync(join(workspaceDir(), '.mia', 'state'), { recursive: true });
  return `.mia/state/${name}`;
}

/** How many times each line was appended to a marker file. */
export function markerCounts(relativePath: string): Record<string, number> {
  const file = join(workspaceDir(), relativePath);
  if (!existsSync(file)) return {};
  const counts: Record<string, number> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() !== '') counts[line.trim()] = (counts[line.trim()] ?? 0) + 1;
  }
  return counts;
}

/** Starts a run through the API (setting the scene) and opens its page. Returns its id. */
export async function startRun(page: Page, workflow: string): Promise<string> {
  const run = await api<{ id: string }>('mutation', 'runs.start', { workflow });
  await page.goto(`/runs/${run.id}`);
  return run.id;
}

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '@arcflow/actions/testing';

/** A throwaway project directory with workflows in `.mia/workflows/`. */
export class TestWorkspace {
  constructor(readonly dir = mkdtempSync(join(tmpdir(), 'arcflow-ws-'))) {}

  workflow(name: string, yaml: string): string {
    const dir = join(this.dir, '.mia', 'workflows');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.yaml`);
    writeFileSync(path, yaml);
    return path;
  }

  write(file: string, content: string): void {
    writeFileSync(join(this.dir, file), content);
  }

  read(file: string): string {
    return readFileSync(join(this.dir, file), 'utf8');
  }

  exists(file: string): boolean {
    return existsSync(join(this.dir, file));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(
  probe: () => T | undefined | false,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Alive and not a zombie (see `isProcessAlive`). */
export const isAlive = (pid: number): boolean => isProcessAlive(pid);

export async function waitForAsync<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

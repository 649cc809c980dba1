import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Cancel requests delivered through files in the state directory. With the embedded
 * database only the executing process may open it, so `arcflow cancel` from another
 * terminal leaves a note here that the executing process picks up.
 */
export class CancelInbox {
  constructor(private readonly stateDir: string) {}

  private path(runId: string): string {
    return join(this.stateDir, 'cancel-requests', runId);
  }

  request(runId: string): void {
    mkdirSync(join(this.stateDir, 'cancel-requests'), { recursive: true });
    writeFileSync(this.path(runId), new Date().toISOString());
  }

  has(runId: string): boolean {
    return existsSync(this.path(runId));
  }

  /** True once per request: the request is removed as it is taken. */
  take(runId: string): boolean {
    if (!this.has(runId)) return false;
    this.clear(runId);
    return true;
  }

  clear(runId: string): void {
    rmSync(this.path(runId), { force: true });
  }
}

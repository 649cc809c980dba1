import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export interface PostedDecision {
  stepId: string;
  decision: 'approve' | 'reject';
  by: string;
  comment?: string;
  at: string;
}

/**
 * Requests delivered through files in the state directory. With the embedded database
 * only the executing process may open it, so `arcflow cancel|approve|reject` from another
 * terminal leave a note here that the executing process takes.
 */
export class Inbox {
  constructor(private readonly stateDir: string) {}

  private dir(runId: string): string {
    return join(this.stateDir, 'inbox', runId);
  }

  requestCancel(runId: string): string {
    mkdirSync(this.dir(runId), { recursive: true });
    const path = join(this.dir(runId), 'cancel');
    writeFileSync(path, new Date().toISOString());
    return path;
  }

  /** True once per request: the request is removed as it is taken. */
  takeCancel(runId: string): boolean {
    const path = join(this.dir(runId), 'cancel');
    if (!existsSync(path)) return false;
    rmSync(path, { force: true });
    return true;
  }

  postDecision(runId: string, decision: PostedDecision): string {
    mkdirSync(this.dir(runId), { recursive: true });
    const name = `decision-${decision.stepId}-${Date.now()}-${randomBytes(4).toString('hex')}.json`;
    const temp = join(this.dir(runId), `.${name}`);
    writeFileSync(temp, JSON.stringify(decision));
    renameSync(temp, join(this.dir(runId), name)); // whole files only: never read half a note
    return join(this.dir(runId), name);
  }

  /** Decisions posted for a step of the run, oldest first; each is removed as it is taken. */
  takeDecisions(runId: string, stepId: string): PostedDecision[] {
    const dir = this.dir(runId);
    if (!existsSync(dir)) return [];
    const taken: PostedDecision[] = [];
    for (const name of readdirSync(dir)
      .filter((n) => n.startsWith(`decision-${stepId}-`))
      .sort()) {
      const path = join(dir, name);
      try {
        taken.push(JSON.parse(readFileSync(path, 'utf8')) as PostedDecision);
      } finally {
        rmSync(path, { force: true });
      }
    }
    return taken;
  }

  /**
   * Calls `onNote` when a note for the run arrives (`cancel` or `decision`), so the
   * executing process takes it at once instead of polling. Returns a function that stops.
   */
  watch(runId: string, onNote: (kind: 'cancel' | 'decision') => void): () => void {
    try {
      mkdirSync(this.dir(runId), { recursive: true });
      const watcher = watch(this.dir(runId), (_event, name) => {
        if (name === 'cancel') onNote('cancel');
        else if (name?.startsWith('decision-')) onNote('decision');
      });
      watcher.on('error', () => {});
      return () => watcher.close();
    } catch {
      return () => {}; // no watching here: the executor's safety poll still reads the notes
    }
  }

  clear(runId: string): void {
    rmSync(this.dir(runId), { recursive: true, force: true });
  }
}

export const isPending = (path: string): boolean => existsSync(path);

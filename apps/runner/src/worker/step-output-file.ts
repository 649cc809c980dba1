import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTPUT_FILE_MAX_BYTES, parseOutputFile, StepFailure } from '@arcflow/engine';

/**
 * The file one attempt of a step writes its outputs to (`$ARCFLOW_OUTPUT`), as a GitHub
 * Actions step writes `$GITHUB_OUTPUT`: a fresh, empty file (mode 600) per attempt, in a
 * directory of this process's own under the OS temp dir, removed once read.
 *
 * Created, read and removed synchronously: a few microseconds each, where promises through
 * the thread pool would let steps that finish together land in separate ticks (and commits).
 */
export class StepOutputFile {
  private static dir: string | undefined;
  private static count = 0;

  private constructor(readonly path: string) {}

  static create(): StepOutputFile {
    StepOutputFile.dir ??= mkdtempSync(join(tmpdir(), 'arcflow-output-'));
    StepOutputFile.count += 1;
    const path = join(StepOutputFile.dir, `attempt-${StepOutputFile.count}`);
    closeSync(openSync(path, 'wx', 0o600));
    return new StepOutputFile(path);
  }

  /**
   * The outputs written, or a `StepFailure` naming the line at fault. The file is read only up
   * to `OUTPUT_FILE_MAX_BYTES`: a bigger one fails the step instead of filling memory. A file
   * the step deleted holds no outputs.
   */
  read(): Record<string, unknown> {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return {};
    }
    let text: string;
    try {
      const { size } = fstatSync(fd);
      if (size > OUTPUT_FILE_MAX_BYTES) {
        throw outputFailure(
          `the step wrote ${size} bytes to $ARCFLOW_OUTPUT, more than the ${OUTPUT_FILE_MAX_BYTES} allowed: write big results to a file in the workspace and its path as the output`,
        );
      }
      text = size === 0 ? '' : readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    if (text === '') return {};
    const parsed = parseOutputFile(text);
    if (!parsed.ok) throw outputFailure(`$ARCFLOW_OUTPUT line ${parsed.line}: ${parsed.message}`);
    return parsed.outputs;
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}

function outputFailure(message: string): StepFailure {
  return new StepFailure({ reason: 'error', message, summary: message, retriable: false });
}

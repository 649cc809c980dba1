import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTPUT_FILE_MAX_BYTES, parseOutputFile, StepFailure } from '@arcflow/engine';

/**
 * The file one attempt of a step writes its outputs to (`$ARCFLOW_OUTPUT`), as a GitHub
 * Actions step writes `$GITHUB_OUTPUT`. Each attempt gets a fresh, empty file in a directory
 * of its own under the OS temp dir, removed once the outputs are read.
 */
export class StepOutputFile {
  private constructor(
    private readonly dir: string,
    readonly path: string,
  ) {}

  static async create(): Promise<StepOutputFile> {
    const dir = await mkdtemp(join(tmpdir(), 'arcflow-output-'));
    const path = join(dir, 'outputs');
    const handle = await open(path, 'w', 0o600);
    await handle.close();
    return new StepOutputFile(dir, path);
  }

  /**
   * The outputs written, or a `StepFailure` naming the line at fault. The file is read only up
   * to `OUTPUT_FILE_MAX_BYTES`: a bigger one fails the step instead of filling memory.
   */
  async read(): Promise<Record<string, unknown>> {
    const handle = await open(this.path, 'r');
    let text: string;
    try {
      const { size } = await handle.stat();
      if (size > OUTPUT_FILE_MAX_BYTES) {
        throw outputFailure(
          `the step wrote ${size} bytes to $ARCFLOW_OUTPUT, more than the ${OUTPUT_FILE_MAX_BYTES} allowed: write big results to a file in the workspace and its path as the output`,
        );
      }
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
    const parsed = parseOutputFile(text);
    if (!parsed.ok) throw outputFailure(`$ARCFLOW_OUTPUT line ${parsed.line}: ${parsed.message}`);
    return parsed.outputs;
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

function outputFailure(message: string): StepFailure {
  return new StepFailure({ reason: 'error', message, summary: message, retriable: false });
}

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneBackend } from './helpers/backends.ts';
import { cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';

const OUTPUTS = `
name: outputs
env:
  API_TOKEN: s3cr3t-value
secrets: [API_TOKEN]
steps:
  - id: a
    action: shell
    with:
      run: |
        echo "version=1.2.3" >> "$ARCFLOW_OUTPUT"
        echo 'packages=["api","web"]' >> "$ARCFLOW_OUTPUT"
        {
          echo "notes<<EOF"
          echo "first line"
          echo "second line"
          echo "EOF"
        } >> "$ARCFLOW_OUTPUT"
        echo "exitCode=99" >> "$ARCFLOW_OUTPUT"
        echo "auth=Bearer $API_TOKEN" >> "$ARCFLOW_OUTPUT"
        printf '%s' "$ARCFLOW_OUTPUT" > output-path.out
  - id: b
    action: shell
    depends_on: a
    env:
      NOTES: \${{ steps.a.outputs.notes }}
      SECOND: \${{ steps.a.outputs.packages[1] }}
    with:
      run: |
        printf '%s' "\${{ steps.a.outputs.version }}" > version.out
        printf '%s' "$SECOND" > second.out
        printf '%s' "$NOTES" > notes.out
`;

const BROKEN = `
name: broken
steps:
  - id: a
    action: shell
    with:
      run: |
        echo "fine=1" >> "$ARCFLOW_OUTPUT"
        echo "no equals sign here" >> "$ARCFLOW_OUTPUT"
`;

describe('outputs written to $ARCFLOW_OUTPUT', () => {
  let ws: { dir: string; env: Record<string, string | undefined>; cleanup(): Promise<void> };

  beforeAll(async () => {
    ws = await oneBackend().create();
    const workflows = join(ws.dir, '.mia', 'workflows');
    await mkdir(workflows, { recursive: true });
    await writeFile(join(workflows, 'outputs.yaml'), OUTPUTS);
    await writeFile(join(workflows, 'broken.yaml'), BROKEN);
  }, 120_000);
  afterAll(() => ws?.cleanup());

  it('reach later steps: text, a JSON list and a value of several lines', async () => {
    const ran = await cliJson<RunJson>(['run', 'outputs', '--json'], { cwd: ws.dir, env: ws.env });
    expect(ran.code).toBe(0);
    const read = (file: string) => readFile(join(ws.dir, file), 'utf8');
    expect(await read('version.out')).toBe('1.2.3');
    expect(await read('second.out')).toBe('web');
    expect(await read('notes.out')).toBe('first line\nsecond line');
    expect(existsSync(await read('output-path.out'))).toBe(false); // removed once read
    const a = ran.json.steps.find((step) => step.id === 'a');
    // the shell's own exitCode wins over the one the script wrote
    expect(a?.outputs).toEqual({
      version: '1.2.3',
      packages: ['api', 'web'],
      notes: 'first line\nsecond line',
      auth: 'Bearer ***', // masked as the logs are
      exitCode: 0,
    });
  });

  it('fail the step naming the line of the output file that is wrong', async () => {
    const ran = await cliJson<RunJson>(['run', 'broken', '--json'], { cwd: ws.dir, env: ws.env });
    expect(ran.code).not.toBe(0);
    const a = ran.json.steps.find((step) => step.id === 'a');
    expect(a?.status).toBe('failed');
    expect(JSON.stringify(a?.attemptHistory[0]?.failure)).toContain(
      '$ARCFLOW_OUTPUT line 2: expected name=value or name<<DELIMITER, not \\"no equals sign here\\"',
    );
  });
});

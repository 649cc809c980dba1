import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processEnvironment } from '../env.ts';
import { msSince } from './measure.ts';
import { CLI } from './startup.ts';
import { mb, type Row } from './table.ts';
import { layeredYaml } from './workloads.ts';

const OUTPUT = `head -c 200000000 /dev/zero | tr '\\0' x | fold -w 100`;
/** Keeps `pnpm bench` within minutes: a slower run is stopped, its peak so far reported. */
const TIME_LIMIT_MS = 90_000;

interface Observed {
  peakBytes: number;
  /** The peak of the runner's process spawner (see @arcflow/actions' zygote.cjs). */
  spawnerPeakBytes: number;
  wallMs: number;
  outcome: string;
}

/** Peak resident memory so far (VmHWM) of a live process, in bytes; 0 once it is gone. */
function peakRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

/** The runner's spawner helper among the children of `pid`, if it has started. */
function spawnerPid(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ');
    return children
      .map(Number)
      .find((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('zygote.cjs'));
  } catch {
    return undefined;
  }
}

/**
 * Runs `arcflow run <file>` as a user would, in its own process, sampling its peak RSS from
 * /proc every 20 ms until it exits.
 */
function observeRun(workspaceDir: string, file: string, databaseUrl: string | undefined) {
  const env = { ...processEnvironment(), DATABASE_URL: databaseUrl ?? '' };
  const child = spawn(process.execPath, [CLI, 'run', file, '--workspace', workspaceDir], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const start = process.hrtime.bigint();
  let peakBytes = 0;
  let spawner: number | undefined;
  let spawnerPeakBytes = 0;
  const sampler = setInterval(() => {
    peakBytes = Math.max(peakBytes, peakRss(child.pid!));
    spawner ??= spawnerPid(child.pid!);
    if (spawner) spawnerPeakBytes = Math.max(spawnerPeakBytes, peakRss(spawner));
  }, 20);
  const limit = setTimeout(() => child.kill('SIGKILL'), TIME_LIMIT_MS);
  return new Promise<Observed>((resolve) => {
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(limit);
      const wallMs = msSince(start);
      const outcome =
        signal === 'SIGKILL'
          ? `stopped after ${TIME_LIMIT_MS / 1000} s`
          : code === 0
            ? `${(wallMs / 1000).toFixed(1)} s`
            : `exit ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`;
      resolve({ peakBytes, spawnerPeakBytes, wallMs, outcome });
    });
  });
}

/** The runner's peak RSS in a `noopSteps`-step noop run and in a run whose step prints 200 MB. */
export async function benchRss(
  backend: 'postgres' | 'pglite',
  databaseUrl: string | undefined,
  noopSteps: number,
): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), `arcflow-bench-rss-${backend}-`));
  try {
    const noopFile = join(dir, 'noops.yaml');
    writeFileSync(noopFile, layeredYaml(noopSteps, 8).replace('name: bench', 'name: noops'));
    const outputFile = join(dir, 'output.yaml');
    writeFileSync(outputFile, layeredYaml(1, 1, OUTPUT).replace('name: bench', 'name: output'));
    const noops = await observeRun(dir, noopFile, databaseUrl);
    const output = await observeRun(dir, outputFile, databaseUrl);
    return [
      {
        measure: `${backend}: runner peak RSS, ${noopSteps.toLocaleString('en')}-step noop run (${noops.outcome})`,
        floor: '',
        arcflow: mb(noops.peakBytes),
        goal: '< 300 MB',
      },
      {
        measure: `${backend}: runner peak RSS, a step printing 200 MB (${output.outcome})`,
        floor: '',
        arcflow: mb(output.peakBytes),
        goal: '< 200 MB',
      },
      {
        measure: `${backend}: its process spawner's peak RSS, relaying those 200 MB`,
        floor: '',
        arcflow: mb(output.spawnerPeakBytes),
        goal: 'bounded',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

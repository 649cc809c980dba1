import { builtinActionSpecs, parseWorkflow } from '@arcflow/engine';
import { median, msSince } from './measure.ts';
import { ms, type Row } from './table.ts';
import { fanYaml, layeredYaml } from './workloads.ts';

const GOAL_MS: Record<number, number> = { 10000: 100, 50000: 600 };

/**
 * parseWorkflow in process (YAML to a checked definition) on three shapes of large DAG. The
 * floor is `JSON.parse` of the same data written as JSON: reading it at all, with no checks.
 * Each figure is the fastest wall time (the goal's measure) with the median CPU time beside
 * it: on a shared machine the CPU time moves much less with the load.
 */
export function benchValidation(): Row[] {
  const rows: Row[] = [];
  for (const n of [10_000, 50_000]) {
    for (const [shape, yaml] of [
      ['layered 4 wide', layeredYaml(n, 4)],
      ['chain', layeredYaml(n, 1)],
      ['fan-out and fan-in', fanYaml(n)],
    ] as const) {
      const times = n > 10_000 ? 5 : 9;
      let json = '';
      const took = timed(times, () => {
        const result = parseWorkflow(yaml, { file: 'bench.yaml', actions: builtinActionSpecs });
        if (!result.definition) {
          throw new Error(`bench workflow is invalid: ${result.diagnostics[0]?.message}`);
        }
        json = JSON.stringify(result.definition);
      });
      const floor = timed(times, () => JSON.parse(json));
      rows.push({
        measure: `validate ${n.toLocaleString('en')} steps, ${shape}`,
        floor: `JSON.parse ${ms(floor.fastest, 0)} (CPU ${ms(floor.cpu, 0)})`,
        arcflow: `${ms(took.fastest, 0)} (CPU ${ms(took.cpu, 0)}, ${(took.cpu / floor.cpu).toFixed(1)}x)`,
        ratio: took.fastest / floor.fastest,
        goal: `≤ ${GOAL_MS[n]} ms in-process`,
      });
    }
  }
  return rows;
}

/** The fastest wall time and the median CPU time (all threads, GC included) of `times` runs. */
function timed(times: number, fn: () => void): { fastest: number; cpu: number } {
  fn();
  let fastest = Number.POSITIVE_INFINITY;
  const cpu: number[] = [];
  for (let i = 0; i < times; i++) {
    const startCpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    fn();
    fastest = Math.min(fastest, msSince(start));
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  return { fastest, cpu: median(cpu) };
}

import { builtinActionSpecs, parseWorkflow } from '@arcflow/engine';
import { fastestOf } from './measure.ts';
import { ms, type Row } from './table.ts';
import { fanYaml, layeredYaml } from './workloads.ts';

const GOAL_MS: Record<number, number> = { 10000: 100, 50000: 600 };

/**
 * parseWorkflow in process (YAML to a checked definition) on three shapes of large DAG. The
 * floor is `JSON.parse` of the same data written as JSON: reading it at all, with no checks.
 */
export function benchValidation(): Row[] {
  const rows: Row[] = [];
  for (const n of [10_000, 50_000]) {
    for (const [shape, yaml] of [
      ['layered 4 wide', layeredYaml(n, 4)],
      ['chain', layeredYaml(n, 1)],
      ['fan-out and fan-in', fanYaml(n)],
    ] as const) {
      const times = n > 10_000 ? 2 : 4;
      let json = '';
      const took = fastestOf(times, () => {
        const result = parseWorkflow(yaml, { file: 'bench.yaml', actions: builtinActionSpecs });
        if (!result.definition) {
          throw new Error(`bench workflow is invalid: ${result.diagnostics[0]?.message}`);
        }
        json = JSON.stringify(result.definition);
      });
      const floor = fastestOf(times, () => JSON.parse(json));
      rows.push({
        measure: `validate ${n.toLocaleString('en')} steps, ${shape}`,
        floor: `JSON.parse ${ms(floor, 0)}`,
        arcflow: ms(took, 0),
        ratio: took / floor,
        goal: `≤ ${GOAL_MS[n]} ms in-process`,
      });
    }
  }
  return rows;
}

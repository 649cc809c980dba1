import { builtinActionSpecs, parseWorkflow } from '@arcflow/engine';
import { fmt, msSince } from './measure.ts';
import { layeredYaml } from './workloads.ts';

export function benchValidation(): void {
  console.log('\nValidation (parse YAML + check everything), layered DAG 4 wide');
  console.log('    steps        ms   µs/step');
  const perStep: number[] = [];
  for (const n of [100, 1000, 10_000]) {
    const yaml = layeredYaml(n, 4);
    parseWorkflow(yaml, { file: 'bench.yaml', actions: builtinActionSpecs }); // warm-up
    const start = process.hrtime.bigint();
    const result = parseWorkflow(yaml, { file: 'bench.yaml', actions: builtinActionSpecs });
    const took = msSince(start);
    if (!result.definition) throw new Error('bench workflow is invalid');
    perStep.push((took * 1000) / n);
    console.log(`${String(n).padStart(9)} ${fmt(took)} ${fmt((took * 1000) / n, 2)}`);
  }
  console.log(
    `  cost per step at 10,000 vs 100 steps: ${(perStep[2]! / perStep[0]!).toFixed(2)}x (1.0x = linear)`,
  );
}

import { simulateRun, testStep, testWorkflow } from '@arcflow/engine/testing';
import { fmt, msSince } from './measure.ts';

export function benchScheduler(): void {
  console.log(
    '\nScheduler (pure state machine, simulated clock), layered DAG 8 wide, max_parallel 8',
  );
  console.log('    steps        ms   µs/step');
  const perStep: number[] = [];
  for (const n of [100, 1000, 5000]) {
    const steps = Array.from({ length: n }, (_, i) => {
      const level = Math.floor(i / 8);
      const deps =
        level === 0 ? [] : Array.from({ length: 8 }, (_, k) => `s${(level - 1) * 8 + k}`);
      return testStep(`s${i}`, deps);
    });
    const def = testWorkflow(steps);
    const start = process.hrtime.bigint();
    const result = simulateRun(def, { maxParallel: 8 });
    const took = msSince(start);
    if (result.state.status !== 'succeeded') throw new Error('simulation did not succeed');
    perStep.push((took * 1000) / n);
    console.log(`${String(n).padStart(9)} ${fmt(took)} ${fmt((took * 1000) / n, 2)}`);
  }
  console.log(
    `  cost per step at 5,000 vs 100 steps: ${(perStep[2]! / perStep[0]!).toFixed(2)}x (1.0x = linear)`,
  );
}

import { simulateRun, testStep, testWorkflow } from '@arcflow/engine/testing';
import { fastestOf } from './measure.ts';
import type { Row } from './table.ts';

const SHAPES = {
  'layered 8 wide': (i: number) => {
    const level = Math.floor(i / 8);
    return level === 0 ? [] : Array.from({ length: 8 }, (_, k) => `s${(level - 1) * 8 + k}`);
  },
  'fan-out from one step': (i: number) => (i === 0 ? [] : ['s0']),
} as const;

/**
 * The pure scheduler over a whole simulated run (every input `decide` gets, no I/O), per
 * step: at 50,000 steps it should cost what it costs at 10,000 (the floor here).
 */
export function benchScheduler(): Row[] {
  const rows: Row[] = [];
  for (const [shape, deps] of Object.entries(SHAPES)) {
    const perStep = (n: number) => {
      const def = testWorkflow(Array.from({ length: n }, (_, i) => testStep(`s${i}`, deps(i))));
      const took = fastestOf(1, () => {
        if (simulateRun(def, { maxParallel: 8 }).state.status !== 'succeeded') {
          throw new Error('the simulated run did not succeed');
        }
      });
      return (took * 1000) / n;
    };
    const small = perStep(10_000);
    const large = perStep(50_000);
    rows.push({
      measure: `scheduler, ${shape}: 50,000 steps, per step`,
      floor: `10,000 steps ${small.toFixed(1)} µs`,
      arcflow: `${large.toFixed(1)} µs`,
      ratio: large / small,
      goal: '≈ 1x (linear)',
    });
  }
  return rows;
}

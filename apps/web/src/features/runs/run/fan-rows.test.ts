import { describe, expect, it } from 'vitest';
import { fanSpan, fanTone, timelineRows } from './fan-rows';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

const STEPS = [
  { id: 'build', status: 'succeeded', startedAt: at(0), finishedAt: at(1) },
  { id: 'test', fanOut: 'matrix', status: 'failed', startedAt: null, finishedAt: at(9) },
  { id: 'test[20]', instanceOf: 'test', status: 'succeeded', startedAt: at(2), finishedAt: at(5) },
  { id: 'test[22]', instanceOf: 'test', status: 'failed', startedAt: at(3), finishedAt: at(9) },
  { id: 'report', status: 'skipped', startedAt: null, finishedAt: null },
];

const shape = (rows: ReturnType<typeof timelineRows>) =>
  rows.map((r) => (r.kind === 'fan' ? `fan:${r.id}` : r.nested ? `  ${r.step.id}` : r.step.id));

describe('timelineRows', () => {
  it('folds a fanned-out step and its instances into one row where it stands', () => {
    const rows = timelineRows(STEPS, new Set());
    expect(shape(rows)).toEqual(['build', 'fan:test', 'report']);
    const fan = rows[1];
    expect(fan?.kind === 'fan' && fan.instances.map((s) => s.id)).toEqual(['test[20]', 'test[22]']);
  });

  it('lists the instances under the group row when it is expanded', () => {
    expect(shape(timelineRows(STEPS, new Set(['test'])))).toEqual([
      'build',
      'fan:test',
      '  test[20]',
      '  test[22]',
      'report',
    ]);
  });

  it('places a for_each group at its step even though its instances come last', () => {
    const steps = [
      { id: 'each', fanOut: 'for_each', status: 'running' },
      { id: 'after', status: 'pending' },
      { id: 'each[a]', instanceOf: 'each', status: 'running' },
    ];
    expect(shape(timelineRows(steps, new Set()))).toEqual(['fan:each', 'after']);
  });

  it('leaves a for_each step that has not expanded as a plain row', () => {
    expect(
      shape(timelineRows([{ id: 'each', fanOut: 'for_each', status: 'pending' }], new Set())),
    ).toEqual(['each']);
  });
});

describe('fanSpan and fanTone', () => {
  const instances = STEPS.slice(2, 4);

  it('spans from the first instance start to the last end', () => {
    expect(fanSpan(instances)).toEqual({ start: Date.parse(at(2)), end: Date.parse(at(9)) });
  });

  it('is open while an instance is still running, and absent before any started', () => {
    expect(fanSpan([...instances, { status: 'running', startedAt: at(4) }])?.end).toBeNull();
    expect(fanSpan([{ status: 'pending' }])).toBeNull();
  });

  it('is failed when one instance failed, succeeded when all did', () => {
    expect(fanTone(STEPS[1], instances)).toBe('failed');
    expect(fanTone(undefined, [instances[0] as (typeof instances)[0]])).toBe('succeeded');
  });
});

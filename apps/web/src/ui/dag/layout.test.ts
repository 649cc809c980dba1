import { describe, expect, it } from 'vitest';
import { layeredLayout, layoutGraph } from './layout';

function layeredInput(layers: number, width: number) {
  const nodes = [];
  const edges = [];
  for (let l = 0; l < layers; l++) {
    for (let k = 0; k < width; k++) {
      nodes.push({ id: `l${l}-${k}`, width: 230, height: 78, rank: l });
      if (l > 0) edges.push({ source: `l${l - 1}-${k}`, target: `l${l}-${k}` });
    }
  }
  return { nodes, edges };
}

const overlaps = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.abs(a.x - b.x) < 230 && Math.abs(a.y - b.y) < 78;

describe('layoutGraph', () => {
  it('places 5,000 nodes, each dependant below its dependency, none overlapping its rank', () => {
    const input = layeredInput(100, 50);
    const positions = layoutGraph(input);
    expect(Object.keys(positions)).toHaveLength(5000);
    for (const e of input.edges) {
      expect(positions[e.target]?.y).toBeGreaterThan(positions[e.source]?.y ?? Infinity);
    }
    const rank = input.nodes
      .filter((n) => n.rank === 7)
      .map((n) => positions[n.id] ?? { x: 0, y: 0 });
    for (const [i, a] of rank.entries()) {
      for (const b of rank.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
  });

  it('still lays out a graph whose edges go against the rank hint (a cycle between groups)', () => {
    const positions = layeredLayout({
      nodes: [
        { id: 'a', width: 260, height: 96, rank: 0 },
        { id: 'b', width: 260, height: 96, rank: 0 },
      ],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' },
      ],
    });
    expect(positions.b?.y).toBeGreaterThan(positions.a?.y ?? Infinity);
  });

  it('wraps a wide rank into rows of three, moving the ranks below down', () => {
    const roots = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, width: 230, height: 78, rank: 0 }));
    const positions = layoutGraph({
      nodes: [...roots, { id: 'z', width: 230, height: 78, rank: 1 }],
      edges: roots.map((r) => ({ source: r.id, target: 'z' })),
    });
    const rows = new Set(roots.map((r) => positions[r.id]?.y));
    expect(rows.size).toBe(2);
    const xs = roots.map((r) => positions[r.id]?.x ?? 0);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThanOrEqual(2 * (230 + 28));
    const at = (id: string) => positions[id] ?? { x: Number.NaN, y: Number.NaN };
    for (const [i, a] of roots.entries()) {
      for (const b of roots.slice(i + 1)) expect(overlaps(at(a.id), at(b.id))).toBe(false);
    }
    expect(positions.z?.y).toBeGreaterThan(Math.max(...[...rows].map(Number)) + 78);
  });
});

import { describe, expect, it } from 'vitest';
import { GROUP_ABOVE, groupSteps, groupsAround, visibleGraph } from './grouping';

/** `layers` layers of `width` steps; each depends on two of the layer before; universes cycle. */
function layered(layers: number, width: number, universes = ['engineer', 'story', 'ceremony']) {
  const steps = [];
  for (let l = 0; l < layers; l++) {
    for (let k = 0; k < width; k++) {
      steps.push({
        id: `l${l}-${k}`,
        universe: universes[k % universes.length] as string,
        dependsOn: l === 0 ? [] : [`l${l - 1}-${k}`, `l${l - 1}-${(k + 1) % width}`],
      });
    }
  }
  return steps;
}

describe('groupSteps', () => {
  it('leaves a graph of up to GROUP_ABOVE steps ungrouped', () => {
    expect(groupSteps(layered(10, 20))).toBeNull();
    expect(GROUP_ABOVE).toBe(200);
  });

  it('groups 5,000 steps by universe, then by layers, every step in exactly one innermost group', () => {
    const steps = layered(100, 50);
    const grouping = groupSteps(steps);
    expect(grouping?.groups.map((g) => g.label)).toEqual(['engineer', 'story', 'ceremony']);
    const engineer = grouping?.groups[0];
    expect(engineer?.members).toHaveLength(1700);
    expect(engineer?.children.length).toBeGreaterThan(1);
    expect(engineer?.children[0]?.label).toMatch(/^engineer · layers 1–\d+$/);
    const inner = grouping?.groups.flatMap((g) => g.children.flatMap((c) => c.members)) ?? [];
    expect(new Set(inner).size).toBe(5000);
    expect(grouping?.pathOf.get('l99-0')).toEqual([
      'group:engineer',
      expect.stringMatching(/^group:engineer\//),
    ]);
  });

  it('cuts a layer too wide for one group into parts', () => {
    const wide = Array.from({ length: 1000 }, (_, i) => ({
      id: `w${i}`,
      universe: 'engineer',
      dependsOn: [],
    }));
    const grouping = groupSteps(wide);
    // One universe: its layer groups are the top level.
    expect(grouping?.groups.map((g) => g.label)).toEqual(
      Array.from({ length: 6 }, (_, p) => `engineer · layer 1, part ${p + 1} of 6`),
    );
  });
});

describe('visibleGraph', () => {
  const steps = layered(100, 50);
  const grouping = groupSteps(steps);

  it('draws only the top-level groups at first, with the edges between them merged', () => {
    const { nodes, edges } = visibleGraph(steps, grouping, new Set());
    expect(nodes.map((n) => n.id)).toEqual(['group:engineer', 'group:story', 'group:ceremony']);
    const between = edges.find((e) => e.source === 'group:engineer' && e.target === 'group:story');
    expect(between?.count).toBeGreaterThan(1);
    expect(edges.every((e) => e.source !== e.target)).toBe(true);
  });

  it('draws a step as itself once every group around it is expanded', () => {
    const around = groupsAround(grouping, 'l42-3');
    expect(around).toHaveLength(2);
    const { nodes, edges } = visibleGraph(steps, grouping, new Set(around));
    const step = nodes.find((n) => n.id === 'l42-3');
    expect(step?.kind).toBe('step');
    // Its dependencies in other (collapsed) groups are edges from those groups.
    expect(edges.some((e) => e.target === 'l42-3')).toBe(true);
    expect(nodes.length).toBeLessThan(1000);
  });
});

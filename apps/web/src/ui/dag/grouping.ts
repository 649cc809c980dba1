import { type Dependent, depthsOf } from './depth';
import { contractFanOuts, type FanStep, fanOutGroups } from './fan-out';
import type { Grouping, StepGroup } from './types';

/** A graph with more steps than this is drawn grouped: a readable summary, expanded on demand. */
export const GROUP_ABOVE = 200;
/** About how many layer groups a universe is cut into, so one level reads at a glance. */
const LAYER_GROUPS_PER_UNIVERSE = 6;
/** The fewest steps a layer group holds (fewer would make too many groups to read). */
const MIN_LAYER_GROUP = 40;

export interface GroupableStep extends FanStep {
  universe: string;
}

/**
 * Groups a graph: each fanned-out step's instances and join into one `fan-out` group; then,
 * when large, by universe and each universe into chunks of consecutive layers (depths), a
 * layer too wide for one chunk being cut into parts — a fan-out group counting as one step
 * there. Null when there is nothing to group. Group ids start with `group:`, which no step
 * id can.
 */
export function groupSteps(
  steps: readonly GroupableStep[],
  above: number = GROUP_ABOVE,
): Grouping | null {
  const fans = fanOutGroups(steps);
  const units = contractFanOuts(steps, fans.groupOf);
  const outer = groupLarge(units, above);
  if (!outer && fans.groups.length === 0) return null;
  const groups = outer?.groups ?? fans.groups;
  const pathOf = new Map<string, readonly string[]>(outer?.pathOf ?? []);
  const byId = new Map<string, StepGroup>(outer?.byId ?? []);
  for (const fan of fans.groups) {
    const around = pathOf.get(fan.id) ?? [];
    pathOf.delete(fan.id);
    byId.set(fan.id, fan);
    for (const member of fan.members) pathOf.set(member, [...around, fan.id]);
  }
  if (outer && fans.groups.length > 0) {
    // The outer groups list a fan-out group by its id: list its members instead.
    const fanById = new Map(fans.groups.map((g) => [g.id, g]));
    for (const group of byId.values()) {
      if (group.kind === 'fan-out') continue;
      group.members = group.members.flatMap((id) => fanById.get(id)?.members ?? [id]);
    }
  }
  return { groups, pathOf, byId, large: outer !== null };
}

/** The universe and layer groups of a graph larger than `above`; null for a smaller one. */
function groupLarge(
  steps: readonly GroupableStep[],
  above: number,
): Omit<Grouping, 'large'> | null {
  if (steps.length <= above) return null;
  const depth = depthsOf(steps);
  const byUniverse = new Map<string, GroupableStep[]>();
  for (const step of steps) {
    const list = byUniverse.get(step.universe);
    if (list) list.push(step);
    else byUniverse.set(step.universe, [step]);
  }

  const universes = [...byUniverse].map(([universe, members]) => {
    const id = `group:${universe}`;
    const chunks = chunkByLayer(members, depth, universe, id);
    return {
      id,
      label: universe,
      kind: 'universe',
      members: members.map((s) => s.id),
      children: chunks.length > 1 ? chunks : [],
    } satisfies StepGroup;
  });
  // One universe: its layer groups are the top level.
  const groups = universes.length === 1 ? (universes[0]?.children ?? []) : universes;

  const pathOf = new Map<string, string[]>();
  const byId = new Map<string, StepGroup>();
  const walk = (group: StepGroup, path: string[]) => {
    byId.set(group.id, group);
    const here = [...path, group.id];
    if (group.children.length === 0) for (const id of group.members) pathOf.set(id, here);
    for (const child of group.children) walk(child, here);
  };
  for (const group of groups) walk(group, []);
  return { groups, pathOf, byId };
}

function chunkByLayer(
  members: readonly GroupableStep[],
  depth: ReadonlyMap<string, number>,
  universe: string,
  parentId: string,
): StepGroup[] {
  const max = Math.max(MIN_LAYER_GROUP, Math.ceil(members.length / LAYER_GROUPS_PER_UNIVERSE));
  const layers = new Map<number, string[]>();
  for (const step of members) {
    const d = depth.get(step.id) ?? 0;
    const layer = layers.get(d);
    if (layer) layer.push(step.id);
    else layers.set(d, [step.id]);
  }
  const chunks: StepGroup[] = [];
  let current: string[] = [];
  let from = 0;
  let to = 0;
  const flush = () => {
    if (current.length === 0) return;
    const span = from === to ? `layer ${from + 1}` : `layers ${from + 1}–${to + 1}`;
    chunks.push(layerGroup(`${parentId}/${from + 1}-${to + 1}`, `${universe} · ${span}`, current));
    current = [];
  };
  for (const d of [...layers.keys()].sort((a, b) => a - b)) {
    const ids = layers.get(d) ?? [];
    if (ids.length > max) {
      flush();
      const parts = Math.ceil(ids.length / max);
      for (let p = 0; p < parts; p++) {
        const label = `${universe} · layer ${d + 1}, part ${p + 1} of ${parts}`;
        chunks.push(
          layerGroup(`${parentId}/${d + 1}.${p + 1}`, label, ids.slice(p * max, (p + 1) * max)),
        );
      }
      continue;
    }
    if (current.length + ids.length > max) flush();
    if (current.length === 0) from = d;
    to = d;
    current.push(...ids);
  }
  flush();
  return chunks;
}

function layerGroup(id: string, label: string, members: string[]): StepGroup {
  return { id, label, kind: 'layers', members, children: [] };
}

/** A node as drawn: a step, or a group standing for its members. */
export type VisibleNode =
  | { kind: 'step'; id: string }
  | { kind: 'group'; id: string; group: StepGroup };

/** An edge as drawn; `count` is how many step-to-step edges it stands for. */
export interface VisibleEdge {
  id: string;
  source: string;
  target: string;
  count: number;
}

/**
 * What is drawn for a grouping and the groups expanded: each step shows as itself when every
 * group around it is expanded, else as its outermost collapsed group; edges between the same
 * two drawn nodes are merged, and edges inside one group are not drawn.
 */
export function visibleGraph(
  steps: readonly Dependent[],
  grouping: Grouping | null,
  expanded: ReadonlySet<string>,
): { nodes: VisibleNode[]; edges: VisibleEdge[] } {
  const shownAs = new Map<string, string>();
  const nodes: VisibleNode[] = [];
  const seen = new Set<string>();
  for (const step of steps) {
    const path = grouping?.pathOf.get(step.id) ?? [];
    const collapsed = path.find((g) => !expanded.has(g));
    const shown = collapsed ?? step.id;
    shownAs.set(step.id, shown);
    if (seen.has(shown)) continue;
    seen.add(shown);
    const group = collapsed ? grouping?.byId.get(collapsed) : undefined;
    nodes.push(group ? { kind: 'group', id: group.id, group } : { kind: 'step', id: step.id });
  }
  const edges = new Map<string, VisibleEdge>();
  for (const step of steps) {
    const target = shownAs.get(step.id) as string;
    for (const dep of step.dependsOn) {
      const source = shownAs.get(dep);
      if (source === undefined || source === target) continue;
      const id = `${source}->${target}`;
      const edge = edges.get(id);
      if (edge) edge.count++;
      else edges.set(id, { id, source, target, count: 1 });
    }
  }
  return { nodes, edges: [...edges.values()] };
}

/** The groups to expand so that `stepId` is drawn as itself. */
export function groupsAround(grouping: Grouping | null, stepId: string): readonly string[] {
  return grouping?.pathOf.get(stepId) ?? [];
}

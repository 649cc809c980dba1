import type { Dependent } from './depth';
import type { FanOut, StepGroup } from './types';

/** A step as fan-out grouping sees it: what it is an instance of, or how it fans out. */
export interface FanStep extends Dependent {
  instanceOf?: string | null;
  fanOut?: 'matrix' | 'for_each' | null;
}

/** The id of the group of `join`'s instances; `group:` is a prefix no step id can have. */
export const fanGroupId = (join: string): string => `group:fan:${join}`;

/**
 * One group per fanned-out step that has instances: the instances and the join (when it is
 * among `steps`), labelled like `test · matrix`. Also each member's group id.
 */
export function fanOutGroups(steps: readonly FanStep[]): {
  groups: StepGroup[];
  groupOf: Map<string, string>;
} {
  const kindOf = new Map<string, 'matrix' | 'for_each'>();
  for (const step of steps) if (step.fanOut) kindOf.set(step.id, step.fanOut);
  const byJoin = new Map<string, FanOut>();
  for (const step of steps) {
    if (!step.instanceOf) continue;
    const join = step.instanceOf;
    const fan = byJoin.get(join);
    if (fan) fan.instances.push(step.id);
    else byJoin.set(join, { join, kind: kindOf.get(join) ?? 'matrix', instances: [step.id] });
  }
  const groups: StepGroup[] = [];
  const groupOf = new Map<string, string>();
  for (const fan of byJoin.values()) {
    const id = fanGroupId(fan.join);
    const members = kindOf.has(fan.join) ? [...fan.instances, fan.join] : [...fan.instances];
    for (const member of members) groupOf.set(member, id);
    groups.push({
      id,
      label: `${fan.join} · ${fan.kind}`,
      kind: 'fan-out',
      fan,
      members,
      children: [],
    });
  }
  return { groups, groupOf };
}

/**
 * The graph with each fan-out group standing as one step (its group id), depending on what
 * its members depend on outside it; edges to a member become edges to the group.
 */
export function contractFanOuts<T extends Dependent>(
  steps: readonly T[],
  groupOf: ReadonlyMap<string, string>,
): T[] {
  if (groupOf.size === 0) return [...steps];
  const out: T[] = [];
  const units = new Map<string, Set<string>>();
  const mapDeps = (deps: readonly string[], self: string) => {
    const mapped = new Set<string>();
    for (const dep of deps) {
      const to = groupOf.get(dep) ?? dep;
      if (to !== self) mapped.add(to);
    }
    return mapped;
  };
  for (const step of steps) {
    const group = groupOf.get(step.id);
    if (!group) {
      out.push({ ...step, dependsOn: [...mapDeps(step.dependsOn, step.id)] });
      continue;
    }
    const unit = units.get(group);
    const deps = mapDeps(step.dependsOn, group);
    if (unit) {
      for (const dep of deps) unit.add(dep);
      continue;
    }
    units.set(group, deps);
    out.push({ ...step, id: group, dependsOn: [] });
  }
  for (const item of out) {
    const deps = units.get(item.id);
    if (deps) item.dependsOn = [...deps];
  }
  return out;
}

/** The order statuses are counted in: outcomes first, then what is still to come. */
const STATUS_ORDER = [
  'succeeded',
  'failed',
  'running',
  'waiting',
  'canceled',
  'skipped',
  'pending',
];
/** Short marks for the commonest outcomes; other statuses are written out. */
const MARK: Record<string, string> = { succeeded: '✓', failed: '✗' };

export interface StatusCount {
  status: string;
  count: number;
  /** How it reads: `2 ✓`, `1 running`. */
  text: string;
}

/** How many of `ids` have each status, in a fixed order; ids without a status are left out. */
export function countStatuses(
  ids: readonly string[],
  statusOf: (id: string) => string | undefined,
): StatusCount[] {
  const tally = new Map<string, number>();
  for (const id of ids) {
    const status = statusOf(id);
    if (status) tally.set(status, (tally.get(status) ?? 0) + 1);
  }
  const rank = (s: string) => {
    const at = STATUS_ORDER.indexOf(s);
    return at === -1 ? STATUS_ORDER.length : at;
  };
  return [...tally]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([status, count]) => ({ status, count, text: countText(status, count) }));
}

/** One status's count as it reads: `2 ✓`, `1 running`. */
export function countText(status: string, count: number): string {
  return `${count} ${MARK[status] ?? status}`;
}

/** The counts in one line: `2 ✓ 1 ✗ 1 running`. */
export function countsText(counts: readonly StatusCount[]): string {
  return counts.map((c) => c.text).join(' ');
}

import * as dagre from '@dagrejs/dagre';
import { wrapWideRanks } from './wrap-ranks';

/** What the layout needs: each node's size and a rank hint (its depth), and the edges. */
export interface LayoutInput {
  nodes: { id: string; width: number; height: number; rank: number }[];
  edges: { source: string; target: string }[];
  /** Some nodes stand for groups: their edges may form cycles the rank hint resolves. */
  grouped?: boolean;
}

/** Each node's top-left corner. */
export type Positions = Record<string, { x: number; y: number }>;

/**
 * Dagre draws the nicest small graphs but is super-linear: 230 nodes took 1 s and 5,000
 * overflowed its stack (so did elkjs). Above this, and for grouped graphs (whose group-to-group
 * edges go both ways, which dagre turns into diagonal staircases), a linear layered layout
 * ordered by depth takes over.
 */
export const DAGRE_UP_TO = 150;
const NODE_GAP = 28;
const RANK_GAP = 46;
const MARGIN = 16;

/** Lays the graph out top to bottom; edges go from a dependency to its dependant. */
export function layoutGraph(input: LayoutInput): Positions {
  return input.nodes.length <= DAGRE_UP_TO && !input.grouped
    ? dagreLayout(input)
    : layeredLayout(input);
}

function dagreLayout({ nodes, edges }: LayoutInput): Positions {
  const g = new dagre.graphlib.Graph();
  g.setGraph({
    rankdir: 'TB',
    nodesep: NODE_GAP,
    ranksep: RANK_GAP,
    marginx: MARGIN,
    marginy: MARGIN,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const positions: Positions = {};
  for (const n of nodes) {
    const p = g.node(n.id);
    positions[n.id] = { x: (p?.x ?? 0) - n.width / 2, y: (p?.y ?? 0) - n.height / 2 };
  }
  return wrapWideRanks(nodes, positions, { node: NODE_GAP, row: NODE_GAP });
}

/**
 * A linear layered layout: ranks by longest path (edges against the rank hint are ignored,
 * which also breaks cycles), a few barycentre sweeps to untangle each rank, ranks centred.
 */
export function layeredLayout({ nodes, edges }: LayoutInput): Positions {
  const order = nodes.map((n, i) => ({ n, i })).sort((a, b) => a.n.rank - b.n.rank || a.i - b.i);
  const key = new Map(order.map(({ n }, k) => [n.id, k]));
  const preds = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const succs = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    const s = key.get(e.source);
    const t = key.get(e.target);
    if (s === undefined || t === undefined || s >= t) continue;
    preds.get(e.target)?.push(e.source);
    succs.get(e.source)?.push(e.target);
  }
  const rank = new Map<string, number>();
  const ranks: string[][] = [];
  for (const { n } of order) {
    let r = 0;
    for (const p of preds.get(n.id) ?? []) r = Math.max(r, (rank.get(p) ?? 0) + 1);
    rank.set(n.id, r);
    const layer = ranks[r];
    if (layer) layer.push(n.id);
    else ranks[r] = [n.id];
  }

  const place = new Map<string, number>();
  const remember = (layer: string[]) => {
    for (const [i, id] of layer.entries()) place.set(id, (i + 0.5) / layer.length);
  };
  for (const layer of ranks) remember(layer);
  const sweep = (layer: string[], neighbours: Map<string, string[]>) => {
    const centre = (id: string) => {
      const ns = neighbours.get(id) ?? [];
      if (ns.length === 0) return place.get(id) ?? 0;
      let sum = 0;
      for (const other of ns) sum += place.get(other) ?? 0;
      return sum / ns.length;
    };
    const scored = layer.map((id) => ({ id, c: centre(id) }));
    scored.sort((a, b) => a.c - b.c);
    const sorted = scored.map((s) => s.id);
    remember(sorted);
    return sorted;
  };
  for (let pass = 0; pass < 4; pass++) {
    const down = pass % 2 === 0;
    const indices = ranks.map((_, i) => i);
    for (const r of down ? indices.slice(1) : indices.reverse().slice(1)) {
      ranks[r] = sweep(ranks[r] ?? [], down ? preds : succs);
    }
  }

  const size = new Map(nodes.map((n) => [n.id, n]));
  const widest = Math.max(...nodes.map((n) => n.width), 0);
  const positions: Positions = {};
  let y = MARGIN;
  const spans = ranks.map((layer) => layer.length * (widest + NODE_GAP) - NODE_GAP);
  const full = Math.max(...spans, 0);
  ranks.forEach((layer, r) => {
    const left = MARGIN + (full - (spans[r] ?? 0)) / 2;
    let tallest = 0;
    layer.forEach((id, i) => {
      const node = size.get(id);
      positions[id] = { x: left + i * (widest + NODE_GAP), y };
      tallest = Math.max(tallest, node?.height ?? 0);
    });
    y += tallest + RANK_GAP;
  });
  return positions;
}

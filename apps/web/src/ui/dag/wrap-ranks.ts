import type { Positions } from './layout';

/**
 * At most this many nodes side by side: five independent steps laid in one rank made a row
 * 1,300 px wide, which a 600 px canvas could only show cut off or too small to read.
 */
export const MAX_NODES_PER_ROW = 3;

interface Sized {
  id: string;
  width: number;
  height: number;
}

/**
 * Breaks each rank wider than `perRow` nodes into rows of `perRow` (left to right, as the layout
 * ordered them), each row centred where the rank was, and moves the ranks below down to make
 * room. Edges still go from a rank to the ones below it.
 */
export function wrapWideRanks(
  nodes: readonly Sized[],
  positions: Positions,
  gaps: { node: number; row: number },
  perRow = MAX_NODES_PER_ROW,
): Positions {
  const ranks = new Map<number, Sized[]>();
  for (const node of nodes) {
    const at = positions[node.id];
    if (!at) continue;
    const top = Math.round(at.y);
    const rank = ranks.get(top);
    if (rank) rank.push(node);
    else ranks.set(top, [node]);
  }
  const out: Positions = {};
  let shift = 0;
  for (const [top, rank] of [...ranks.entries()].sort((a, b) => a[0] - b[0])) {
    const x = (node: Sized) => positions[node.id]?.x ?? 0;
    rank.sort((a, b) => x(a) - x(b));
    if (rank.length <= perRow) {
      for (const node of rank) out[node.id] = { x: x(node), y: top + shift };
      continue;
    }
    const left = Math.min(...rank.map(x));
    const right = Math.max(...rank.map((n) => x(n) + n.width));
    const centre = (left + right) / 2;
    const tallest = Math.max(...rank.map((n) => n.height));
    const rows = Math.ceil(rank.length / perRow);
    for (let r = 0; r < rows; r++) {
      const row = rank.slice(r * perRow, (r + 1) * perRow);
      const span = row.reduce((sum, n) => sum + n.width, 0) + (row.length - 1) * gaps.node;
      let at = centre - span / 2;
      for (const node of row) {
        out[node.id] = { x: at, y: top + shift + r * (tallest + gaps.row) };
        at += node.width + gaps.node;
      }
    }
    shift += (rows - 1) * (tallest + gaps.row);
  }
  return out;
}

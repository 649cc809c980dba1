import * as dagre from '@dagrejs/dagre';
import type { Edge, Node } from '@xyflow/react';
import type { StepNode } from './types';

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 78;

export type StepFlowNode = Node<{ step: StepNode; status?: string; note?: string }, 'step'>;

/** Lays the steps out top to bottom with dagre; edges go from a dependency to its dependant. */
export function layoutSteps(
  steps: StepNode[],
  statusOf?: (id: string) => string | undefined,
  noteOf?: (id: string) => string | undefined,
): { nodes: StepFlowNode[]; edges: Edge[] } {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 46, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(steps.map((s) => s.id));
  for (const step of steps) g.setNode(step.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const edges: Edge[] = [];
  for (const step of steps) {
    for (const dep of step.dependsOn) {
      if (!ids.has(dep)) continue;
      g.setEdge(dep, step.id);
      edges.push({ id: `${dep}->${step.id}`, source: dep, target: step.id, type: 'smoothstep' });
    }
  }
  dagre.layout(g);
  const nodes = steps.map((step): StepFlowNode => {
    const pos = g.node(step.id);
    return {
      id: step.id,
      type: 'step',
      position: { x: (pos?.x ?? 0) - NODE_WIDTH / 2, y: (pos?.y ?? 0) - NODE_HEIGHT / 2 },
      data: { step, status: statusOf?.(step.id), note: noteOf?.(step.id) },
      // Known up front (the CSS gives every node this size): a node rebuilt when a status
      // changes is drawn at once instead of hidden until React Flow measures it again.
      initialWidth: NODE_WIDTH,
      initialHeight: NODE_HEIGHT,
      draggable: false,
      connectable: false,
    };
  });
  return { nodes, edges };
}

'use client';

import {
  Background,
  Controls,
  Handle,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo } from 'react';
import { useEffectiveTheme } from '@/shell/useEffectiveTheme';
import badgeCss from '@/ui/Badges.module.css';
import dagCss from '@/ui/dag/DagView.module.css';
import textCss from '@/ui/text.module.css';
import { layoutSteps, type StepFlowNode } from './layout';
import type { StepNode } from './types';

function StepNodeView({ data }: NodeProps<StepFlowNode>) {
  const { step, status, note } = data;
  return (
    <div
      className={`${dagCss.dagNode} uni-${step.universe}${status ? ` tone-${status}` : ''}`}
      data-testid={`dag-node-${step.id}`}
      title={step.beat ?? undefined}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className={dagCss.dagNodeHead}>
        <span className={`${dagCss.dagNodeId} ${textCss.mono}`}>{step.id}</span>
        {status ? (
          <span className={`${badgeCss.badge} ${dagCss.dagNodeStatus}`}>{status}</span>
        ) : (
          <span className={dagCss.dagNodeUni}>{step.universe}</span>
        )}
      </div>
      <div className={`${dagCss.dagNodeAction} ${textCss.mono}`}>{step.action}</div>
      {note ? (
        <div className={dagCss.dagNodeNote}>{note}</div>
      ) : (
        <div className={dagCss.dagNodeBeat}>
          {step.beat ?? <span className={textCss.muted}>no beat</span>}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { step: StepNodeView };

/** What a node's menu is opened with: the step and where the pointer was (viewport px). */
export interface NodeMenuAt {
  id: string;
  x: number;
  y: number;
}

interface DagViewProps {
  steps: StepNode[];
  statusOf?: (id: string) => string | undefined;
  /** A line a node shows instead of its beat (a run's "reused from run X"). */
  noteOf?: (id: string) => string | undefined;
  onSelect?: (id: string) => void;
  /** When set, a click or a right-click on a node also opens its menu here. */
  onNodeMenu?: (at: NodeMenuAt) => void;
}

function Flow({ steps, statusOf, noteOf, onSelect, onNodeMenu }: DagViewProps) {
  const { nodes, edges } = useMemo(
    () => layoutSteps(steps, statusOf, noteOf),
    [steps, statusOf, noteOf],
  );
  const { fitView } = useReactFlow();
  const theme = useEffectiveTheme();
  const shape = steps.map((s) => `${s.id}<${s.dependsOn.join(',')}`).join('|');

  // Refit when the graph's shape changes, not on every keystroke that keeps it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the shape on purpose
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fitView({ padding: 0.15, maxZoom: 1.1 }));
    return () => cancelAnimationFrame(frame);
  }, [shape, fitView]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      fitView
      fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
      minZoom={0.2}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      proOptions={{ hideAttribution: true }}
      onNodeClick={(event, node) => {
        onSelect?.(node.id);
        onNodeMenu?.({ id: node.id, x: event.clientX, y: event.clientY });
      }}
      onNodeContextMenu={
        onNodeMenu
          ? (event, node) => {
              event.preventDefault();
              onSelect?.(node.id);
              onNodeMenu({ id: node.id, x: event.clientX, y: event.clientY });
            }
          : undefined
      }
      colorMode={theme}
    >
      <Background gap={18} size={1} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

/** The workflow's DAG: dagre top-to-bottom, nodes coloured by universe. */
export function DagView(props: DagViewProps) {
  return (
    <ReactFlowProvider>
      <Flow {...props} />
    </ReactFlowProvider>
  );
}

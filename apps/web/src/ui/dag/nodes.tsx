'use client';

import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import badgeCss from '@/ui/Badges.module.css';
import dagCss from '@/ui/dag/DagView.module.css';
import textCss from '@/ui/text.module.css';
import { useDagStore } from './dag-store';
import type { StepGroup, StepNode } from './types';

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 78;
export const GROUP_WIDTH = 260;
export const GROUP_HEIGHT = 96;

export type StepFlowNode = Node<{ step: StepNode }, 'step'>;
// Not `group`: React Flow styles its own node type of that name.
export type GroupFlowNode = Node<{ group: StepGroup; universe: string }, 'stepGroup'>;

const StepNodeView = memo(function StepNodeView({ data }: NodeProps<StepFlowNode>) {
  const { step } = data;
  const status = useDagStore((s) => s.status(step.id));
  const note = useDagStore((s) => s.note(step.id));
  const found = useDagStore((s) => s.isFound(step.id));
  return (
    <div
      className={`${dagCss.dagNode} uni-${step.universe}${status ? ` tone-${status}` : ''}${found ? ` ${dagCss.found}` : ''}`}
      data-testid={`dag-node-${step.id}`}
      data-found={found ? 'true' : undefined}
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
      {step.uses ? (
        <div
          className={`${dagCss.dagNodeAction} ${dagCss.dagNodeUses} ${textCss.mono}`}
          data-testid={`dag-uses-${step.id}`}
          title={`Runs the workflow ${step.uses} as a child run`}
        >
          <span aria-hidden="true">⤷ </span>uses {step.uses}
        </div>
      ) : (
        <div className={`${dagCss.dagNodeAction} ${textCss.mono}`}>{step.action}</div>
      )}
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
});

/** A collapsed group: its name, how many beats, how many in each status; a click expands it. */
const GroupNodeView = memo(function GroupNodeView({ data }: NodeProps<GroupFlowNode>) {
  const { group, universe } = data;
  const counts = useDagStore((s) => s.counts(group.members));
  const inside = group.children.length > 0 ? `${group.children.length} groups · ` : '';
  return (
    <div
      className={`${dagCss.groupNode} uni-${universe}`}
      data-testid={`dag-group-${group.id}`}
      title={`${group.label}: click to show its ${group.children.length > 0 ? 'groups' : 'beats'}`}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className={dagCss.dagNodeHead}>
        <span className={dagCss.groupLabel}>{group.label}</span>
        <span className={dagCss.groupExpand} aria-hidden="true">
          +
        </span>
      </div>
      <div className={dagCss.groupSize}>
        {inside}
        {group.members.length.toLocaleString('en')} {group.members.length === 1 ? 'beat' : 'beats'}
      </div>
      {counts ? (
        <div className={dagCss.groupCounts}>
          {counts.split(',').map((entry) => {
            const [status, n] = entry.split(':');
            return (
              <span key={status} className={`${dagCss.groupCount} tone-${status}`}>
                {n} {status}
              </span>
            );
          })}
        </div>
      ) : null}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

export const NODE_TYPES = { step: StepNodeView, stepGroup: GroupNodeView };

'use client';

import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import badgeCss from '@/ui/Badges.module.css';
import dagCss from '@/ui/dag/DagView.module.css';
import textCss from '@/ui/text.module.css';
import { useDagStore } from './dag-store';
import { countStatuses, countText } from './fan-out';
import type { FanOut, StepGroup, StepNode } from './types';

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 78;
export const GROUP_WIDTH = 260;
export const GROUP_HEIGHT = 96;

export type StepFlowNode = Node<{ step: StepNode }, 'step'>;
// Not `group`: React Flow styles its own node type of that name.
export type GroupFlowNode = Node<{ group: StepGroup; universe: string }, 'stepGroup'>;
/** A fanned-out step: collapsed (standing for its instances) or expanded (its join, above them). */
export type FanFlowNode = Node<
  { fan: FanOut; universe: string; expanded: boolean; toggle: () => void },
  'fanGroup'
>;

const StepNodeView = memo(function StepNodeView({ data }: NodeProps<StepFlowNode>) {
  const { step } = data;
  const status = useDagStore((s) => s.status(step.id));
  const instance = step.instanceOf !== undefined;
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
        {instance ? (
          <span className={dagCss.dagNodeId}>{step.instanceLabel ?? step.id}</span>
        ) : (
          <span className={`${dagCss.dagNodeId} ${textCss.mono}`}>{step.id}</span>
        )}
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
        <div className={`${dagCss.dagNodeAction} ${textCss.mono}`}>
          {instance ? step.id : step.action}
        </div>
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

/**
 * A fanned-out step (`test · matrix`): its instances' counts by status and a control that
 * shows or hides them. Collapsed it stands for them all; expanded it is their join, drawn
 * below them. A click elsewhere on it opens the join's menu (the node's click handler).
 */
const FanNodeView = memo(function FanNodeView({ data }: NodeProps<FanFlowNode>) {
  const { fan, universe, expanded, toggle } = data;
  const status = useDagStore((s) => s.status(fan.join));
  const found = useDagStore((s) => s.isFound(fan.join));
  const counts = useDagStore((s) =>
    countStatuses(fan.instances, (id) => s.status(id))
      .map((c) => `${c.status}:${c.count}`)
      .join(','),
  );
  const n = fan.instances.length;
  return (
    <div
      className={`${dagCss.dagNode} ${dagCss.fanNode} uni-${universe}${status ? ` tone-${status}` : ''}${found ? ` ${dagCss.found}` : ''}`}
      data-testid={`dag-fan-${fan.join}`}
      data-expanded={expanded ? 'true' : 'false'}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className={dagCss.dagNodeHead}>
        <span className={`${dagCss.dagNodeId} ${textCss.mono}`}>
          {fan.join} · {fan.kind}
        </span>
        <button
          type="button"
          className={`${dagCss.fanToggle} nodrag nopan`}
          aria-expanded={expanded}
          aria-label={
            expanded ? `Collapse ${fan.join}'s instances` : `Expand ${fan.join}'s instances`
          }
          title={
            expanded ? 'Collapse: draw the instances as one node' : 'Expand: draw each instance'
          }
          onClick={(e) => {
            e.stopPropagation();
            toggle();
          }}
        >
          {expanded ? '−' : '+'}
        </button>
      </div>
      <div className={dagCss.dagNodeAction}>
        {n} {n === 1 ? 'instance' : 'instances'}
        {expanded ? ' · gathers them' : ''}
      </div>
      <div className={dagCss.fanCounts} data-testid={`dag-fan-counts-${fan.join}`}>
        {counts
          ? counts.split(',').map((entry) => {
              const [name = '', count = '0'] = entry.split(':');
              return (
                <span key={name} className={`${dagCss.fanCount} tone-${name}`} title={name}>
                  {countText(name, Number(count))}
                </span>
              );
            })
          : null}
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

export const NODE_TYPES = {
  step: StepNodeView,
  stepGroup: GroupNodeView,
  fanGroup: FanNodeView,
};

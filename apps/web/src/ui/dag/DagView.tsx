'use client';

import {
  Background,
  Controls,
  type Edge,
  MiniMap,
  type Node,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useEffectiveTheme } from '@/shell/useEffectiveTheme';
import buttonCss from '@/ui/button.module.css';
import dagCss from '@/ui/dag/DagView.module.css';
import { DagSearch } from './DagSearch';
import { DagStore, DagStoreContext } from './dag-store';
import { depthsOf } from './depth';
import { pathTo } from './failing-path';
import { fanGroupId } from './fan-out';
import { groupSteps, groupsAround, type VisibleNode, visibleGraph } from './grouping';
import type { LayoutInput, Positions } from './layout';
import { cachedLayout, layoutNow, layoutOffThread, shapeKey } from './layout-client';
import {
  type FanFlowNode,
  GROUP_HEIGHT,
  GROUP_WIDTH,
  type GroupFlowNode,
  NODE_HEIGHT,
  NODE_TYPES,
  NODE_WIDTH,
  type StepFlowNode,
} from './nodes';
import type { FanOut, StepGroup, StepNode } from './types';

/** What a node's menu is opened with: the step and where the pointer was (viewport px). */
export interface NodeMenuAt {
  id: string;
  x: number;
  y: number;
}

interface DagViewProps {
  steps: StepNode[];
  /** Each step's status; or `statusOf`, asked for every step when it changes. */
  statuses?: ReadonlyMap<string, string>;
  statusOf?: (id: string) => string | undefined;
  /** A line a node shows instead of its beat (a run's "reused from run X"). */
  notes?: ReadonlyMap<string, string>;
  noteOf?: (id: string) => string | undefined;
  /** The run's tension point: offers "Focus the failing path" (it and its ancestors only). */
  failingStepId?: string | null;
  onSelect?: (id: string) => void;
  /** When set, a click or a right-click on a node also opens its menu here. */
  onNodeMenu?: (at: NodeMenuAt) => void;
}

// Room at the top for the toolbar; never so far out that a label cannot be read.
const FIT = { padding: 0.22, maxZoom: 1.1, minZoom: 0.5 };
/** Small graphs (a grouped summary) are laid out at once: no wait for the worker to start. */
const LAY_OUT_INLINE_UP_TO = 40;

type View = { kind: 'fit' } | { kind: 'fit-nodes'; ids: string[] } | { kind: 'center'; id: string };

interface Drawn {
  key: string;
  positions: Positions;
  nodes: VisibleNode[];
  edges: { id: string; source: string; target: string; count: number }[];
}

function readAll(steps: StepNode[], of?: (id: string) => string | undefined) {
  const map = new Map<string, string>();
  if (!of) return map;
  for (const step of steps) {
    const value = of(step.id);
    if (value !== undefined) map.set(step.id, value);
  }
  return map;
}

function Flow({
  steps,
  statuses,
  statusOf,
  notes,
  noteOf,
  failingStepId = null,
  onSelect,
  onNodeMenu,
}: DagViewProps) {
  const [store] = useState(() => new DagStore());
  useEffect(() => {
    store.update(statuses ?? readAll(steps, statusOf), notes ?? readAll(steps, noteOf));
  }, [store, steps, statuses, statusOf, notes, noteOf]);

  const graphKey = steps
    .map((s) => `${s.id}:${s.universe}:${s.instanceOf ?? s.fanOut ?? ''}<${s.dependsOn.join(',')}`)
    .join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the graph changes only with its key
  const graph = useMemo(
    () =>
      steps.map(({ id, universe, dependsOn, instanceOf, fanOut }) => ({
        id,
        universe,
        dependsOn,
        instanceOf,
        fanOut,
      })),
    [graphKey],
  );
  const stepById = useMemo(() => new Map(steps.map((s) => [s.id, s])), [steps]);
  const ids = useMemo(() => graph.map((s) => s.id), [graph]);

  const [focus, setFocus] = useState(false);
  const focusOn = focus && failingStepId !== null && stepById.has(failingStepId);
  const shown = useMemo(() => {
    if (!focusOn || !failingStepId) return graph;
    const path = pathTo(graph, failingStepId);
    return graph.filter((s) => path.has(s.id));
  }, [graph, focusOn, failingStepId]);
  const fullGrouping = useMemo(() => groupSteps(graph), [graph]);
  const grouping = useMemo(
    () => (shown === graph ? fullGrouping : groupSteps(shown)),
    [shown, graph, fullGrouping],
  );
  const depth = useMemo(() => depthsOf(shown), [shown]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const visible = useMemo(
    () => visibleGraph(shown, grouping, expanded),
    [shown, grouping, expanded],
  );

  const input = useMemo((): LayoutInput => {
    const rankOf = (node: VisibleNode) =>
      node.kind === 'step'
        ? (depth.get(node.id) ?? 0)
        : Math.min(...node.group.members.slice(0, 2000).map((id) => depth.get(id) ?? 0));
    // A fanned-out step is drawn step-sized, collapsed or not.
    const small = (node: VisibleNode) => node.kind === 'step' || node.group.kind === 'fan-out';
    return {
      nodes: visible.nodes.map((n) => ({
        id: n.id,
        width: small(n) ? NODE_WIDTH : GROUP_WIDTH,
        height: small(n) ? NODE_HEIGHT : GROUP_HEIGHT,
        rank: rankOf(n),
      })),
      edges: visible.edges,
      grouped: grouping?.large ?? false,
    };
  }, [visible, depth, grouping]);
  const key = useMemo(() => shapeKey(input), [input]);

  const { fitView, setCenter } = useReactFlow();
  const view = useRef<View>({ kind: 'fit' });
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const [laying, setLaying] = useState(false);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const show = (positions: Positions) =>
      setDrawn({ key, positions, nodes: visible.nodes, edges: visible.edges });
    const hit = cachedLayout(key);
    if (hit || input.nodes.length <= LAY_OUT_INLINE_UP_TO) {
      show(hit ?? layoutNow(key, input));
      return;
    }
    setLaying(true);
    layoutOffThread(key, input)
      .then((positions) => {
        if (live) show(positions);
      })
      .catch((error: Error) => live && setLayoutError(error.message))
      .finally(() => live && setLaying(false));
    return () => {
      live = false;
    };
  }, [key, input, visible]);

  const toggleFan = useCallback((groupId: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(groupId)) next.delete(groupId);
      else next.add(groupId);
      return next;
    });
  }, []);

  const nodes = useMemo((): Node[] => {
    if (!drawn) return [];
    const out: Node[] = [];
    const fanNode = (
      id: string,
      group: StepGroup,
      position: { x: number; y: number },
      expanded: boolean,
    ): FanFlowNode => {
      const first = stepById.get(group.members[0] ?? '');
      return {
        id,
        type: 'fanGroup',
        position,
        data: {
          fan: group.fan as FanOut,
          universe: first?.universe ?? 'engineer',
          expanded,
          toggle: () => {
            // A small graph is fitted whole; in a large one, the instances (or the group).
            view.current = !grouping?.large
              ? { kind: 'fit' }
              : expanded
                ? { kind: 'center', id: group.id }
                : { kind: 'fit-nodes', ids: group.members };
            toggleFan(group.id);
          },
        },
        initialWidth: NODE_WIDTH,
        initialHeight: NODE_HEIGHT,
        draggable: false,
        connectable: false,
      };
    };
    for (const n of drawn.nodes) {
      const position = drawn.positions[n.id];
      if (!position) continue;
      if (n.kind === 'group' && n.group.kind === 'fan-out') {
        out.push(fanNode(n.id, n.group, position, false));
        continue;
      }
      if (n.kind === 'group') {
        const first = stepById.get(n.group.members[0] ?? '');
        out.push({
          id: n.id,
          type: 'stepGroup',
          position,
          data: { group: n.group, universe: first?.universe ?? 'engineer' },
          initialWidth: GROUP_WIDTH,
          initialHeight: GROUP_HEIGHT,
          draggable: false,
          connectable: false,
        } satisfies GroupFlowNode);
        continue;
      }
      const step = stepById.get(n.id);
      if (!step) continue;
      const fan = step.fanOut ? grouping?.byId.get(fanGroupId(step.id)) : undefined;
      if (fan) {
        out.push(fanNode(n.id, fan, position, true));
        continue;
      }
      out.push({
        id: n.id,
        type: 'step',
        position,
        data: { step },
        // Known up front (the CSS gives every node this size): drawn at once, not hidden
        // until React Flow measures it.
        initialWidth: NODE_WIDTH,
        initialHeight: NODE_HEIGHT,
        draggable: false,
        connectable: false,
      } satisfies StepFlowNode);
    }
    return out;
  }, [drawn, stepById, grouping, toggleFan]);
  const edges = useMemo(
    (): Edge[] =>
      (drawn?.edges ?? []).map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        type: e.count > 1 || (drawn?.nodes.length ?? 0) > 150 ? 'default' : 'smoothstep',
        // An edge between groups stands for many: a little thicker, never a wall.
        style: e.count > 1 ? { strokeWidth: Math.min(4, 1 + Math.log2(e.count) / 2) } : undefined,
      })),
    [drawn],
  );

  // Moves the viewport once the graph it was asked for is drawn: the whole graph when its
  // shape changes, the members of a group just expanded, the step jumped to.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a new layout is drawn
  useEffect(() => {
    if (!drawn) return;
    const want = view.current;
    const frame = requestAnimationFrame(() => {
      if (want.kind === 'center') {
        const at = drawn.positions[want.id];
        if (!at) return;
        void setCenter(at.x + NODE_WIDTH / 2, at.y + NODE_HEIGHT / 2, { zoom: 1, duration: 250 });
      } else if (want.kind === 'fit-nodes') {
        void fitView({ ...FIT, nodes: want.ids.map((id) => ({ id })), duration: 250 });
      } else {
        void fitView(FIT);
      }
      view.current = { kind: 'fit' };
    });
    return () => cancelAnimationFrame(frame);
  }, [drawn?.key]);

  const expand = useCallback(
    (groupId: string) => {
      const group = grouping?.byId.get(groupId);
      if (!group) return;
      // What will be drawn inside: its groups, or its steps (a fanned-out one as its group).
      const shownAs = (member: string) => {
        const path = grouping?.pathOf.get(member) ?? [];
        return path.slice(path.indexOf(groupId) + 1).find((g) => !expanded.has(g)) ?? member;
      };
      const inside =
        group.children.length > 0
          ? group.children.map((g) => g.id)
          : [...new Set(group.members.map(shownAs))];
      view.current = { kind: 'fit-nodes', ids: inside };
      setExpanded((prev) => new Set([...prev, groupId]));
    },
    [grouping, expanded],
  );
  const jump = useCallback(
    (id: string) => {
      const leaveFocus = focusOn && !shown.some((s) => s.id === id);
      if (leaveFocus) setFocus(false);
      const around = groupsAround(leaveFocus ? fullGrouping : grouping, id);
      view.current = { kind: 'center', id };
      store.setFound(id);
      onSelect?.(id);
      setExpanded((prev) =>
        around.every((g) => prev.has(g)) ? prev : new Set([...prev, ...around]),
      );
      // Already drawn as itself: nothing is laid out again, so centre now.
      const at = drawn?.positions[id];
      if (at && !leaveFocus && around.every((g) => expanded.has(g))) {
        void setCenter(at.x + NODE_WIDTH / 2, at.y + NODE_HEIGHT / 2, { zoom: 1, duration: 250 });
        view.current = { kind: 'fit' };
      }
    },
    [focusOn, shown, fullGrouping, grouping, store, onSelect, drawn, expanded, setCenter],
  );

  // The step a node's click is about: itself, or a fanned-out step's join (when drawn).
  const stepOfNode = (node: Node): string | null => {
    if (node.type === 'stepGroup') return null;
    if (node.type !== 'fanGroup') return node.id;
    const join = (node as FanFlowNode).data.fan.join;
    return stepById.has(join) ? join : null;
  };

  const theme = useEffectiveTheme();
  const minimapColor = useCallback(
    (node: Node) => {
      if (node.type === 'stepGroup') return 'var(--border-strong)';
      const id = node.type === 'fanGroup' ? (node as FanFlowNode).data.fan.join : node.id;
      const status = store.status(id);
      return status === 'failed'
        ? 'var(--failed)'
        : status === 'running'
          ? 'var(--running)'
          : status === 'succeeded'
            ? 'var(--succeeded)'
            : 'var(--text-3)';
    },
    [store],
  );
  const large = graph.length > 40;

  return (
    <DagStoreContext.Provider value={store}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        minZoom={0.05}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(event, node) => {
          if (node.type === 'stepGroup') {
            expand(node.id);
            return;
          }
          const id = stepOfNode(node);
          if (!id) return;
          onSelect?.(id);
          onNodeMenu?.({ id, x: event.clientX, y: event.clientY });
        }}
        onNodeContextMenu={
          onNodeMenu
            ? (event, node) => {
                const id = stepOfNode(node);
                if (!id) return;
                event.preventDefault();
                onSelect?.(id);
                onNodeMenu({ id, x: event.clientX, y: event.clientY });
              }
            : undefined
        }
        colorMode={theme}
      >
        <Background gap={18} size={1} />
        <Controls showInteractive={false} />
        {nodes.length > 12 ? (
          <MiniMap
            pannable
            zoomable
            nodeColor={minimapColor}
            ariaLabel="Overview of the graph"
            style={{ width: 140, height: 96 }}
          />
        ) : null}
        {large || failingStepId ? (
          <Panel position="top-left" className={dagCss.toolbar}>
            {large ? <DagSearch ids={ids} onJump={jump} /> : null}
            {failingStepId ? (
              <button
                type="button"
                className={`${buttonCss.btn} ${dagCss.toolButton}`}
                aria-pressed={focusOn}
                onClick={() => {
                  view.current = { kind: 'fit' };
                  setFocus((f) => !f);
                }}
                title={`Show only ${failingStepId} and the steps it depends on`}
              >
                {focusOn ? 'Show the whole graph' : 'Focus the failing path'}
              </button>
            ) : null}
            {expanded.size > 0 ? (
              <button
                type="button"
                className={`${buttonCss.btn} ${dagCss.toolButton}`}
                onClick={() => {
                  view.current = { kind: 'fit' };
                  setExpanded(new Set());
                }}
              >
                Collapse all
              </button>
            ) : null}
            {laying ? <span className={dagCss.toolNote}>Laying out…</span> : null}
            {layoutError ? <span className={dagCss.toolNote}>{layoutError}</span> : null}
          </Panel>
        ) : null}
      </ReactFlow>
    </DagStoreContext.Provider>
  );
}

/**
 * The workflow's DAG, coloured by universe. Large graphs are grouped (by universe, then by
 * layers) and laid out in a Web Worker; search jumps to a step, and a run's graph can be
 * narrowed to the path that led to its tension point.
 */
export function DagView(props: DagViewProps) {
  return (
    <ReactFlowProvider>
      <Flow {...props} />
    </ReactFlowProvider>
  );
}

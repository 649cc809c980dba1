import { type LayoutInput, layoutGraph, type Positions } from './layout';

/** Layouts by graph shape, so a status change (same shape) never lays the graph out again. */
const cache = new Map<string, Positions>();
const CACHE_SIZE = 24;

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (p: Positions) => void; reject: (e: Error) => void }>();

function layoutWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (
      event: MessageEvent<{ id: number; positions?: Positions; error?: string }>,
    ) => {
      const { id, positions, error } = event.data;
      const pending = waiting.get(id);
      waiting.delete(id);
      if (positions) pending?.resolve(positions);
      else pending?.reject(new Error(`The graph could not be laid out: ${error}`));
    };
  } catch {
    worker = null;
  }
  return worker;
}

/** The shape a layout depends on: node ids with their sizes and ranks, and the edges. */
export function shapeKey(input: LayoutInput): string {
  const nodes = input.nodes.map((n) => `${n.id}:${n.width}x${n.height}@${n.rank}`).join(',');
  return `${input.grouped ? 'g' : ''}${nodes}|${input.edges.map((e) => `${e.source}>${e.target}`).join(',')}`;
}

/** A layout already made for this shape, if any. */
export function cachedLayout(key: string): Positions | undefined {
  return cache.get(key);
}

function remember(key: string, positions: Positions): Positions {
  cache.set(key, positions);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return positions;
}

/** Lays a small graph out in this thread (cached): quicker than waking the worker. */
export function layoutNow(key: string, input: LayoutInput): Positions {
  return cache.get(key) ?? remember(key, layoutGraph(input));
}

/** Lays the graph out in a Web Worker (in this thread where there is none), cached by shape. */
export async function layoutOffThread(key: string, input: LayoutInput): Promise<Positions> {
  const hit = cache.get(key);
  if (hit) return hit;
  const w = layoutWorker();
  const positions = w
    ? await new Promise<Positions>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        w.postMessage({ id, input });
      })
    : layoutGraph(input);
  return remember(key, positions);
}

import { type LayoutInput, layoutGraph } from './layout';

/** Lays graphs out off the main thread: `{ id, input }` in, `{ id, positions }` out. */
self.onmessage = (event: MessageEvent<{ id: number; input: LayoutInput }>) => {
  const { id, input } = event.data;
  try {
    self.postMessage({ id, positions: layoutGraph(input) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};

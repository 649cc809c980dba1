import { MinHeap } from '../graph/min-heap.ts';

/**
 * The pending steps whose dependencies are met, by declaration index, read earliest first.
 *
 * A sorted array costs O(steps) to take its first element; when 10,000 steps hang off one
 * step, starting them one by one made a run O(steps²). Here adding and removing cost
 * O(log steps) at most, and reading the first k costs O(k log steps): a heap of candidates
 * whose entries are dropped lazily once their step is no longer ready.
 */
export class ReadySteps {
  /** 1 when the step is ready. */
  private readonly listed: Uint8Array;
  /** 1 when the step has an entry in the heap (possibly stale). */
  private readonly queued: Uint8Array;
  private readonly heap = new MinHeap();

  constructor(size: number) {
    this.listed = new Uint8Array(size);
    this.queued = new Uint8Array(size);
  }

  has(i: number): boolean {
    return this.listed[i] === 1;
  }

  add(i: number): void {
    if (this.listed[i] === 1) return;
    this.listed[i] = 1;
    if (this.queued[i] === 1) return;
    this.queued[i] = 1;
    this.heap.push(i);
  }

  delete(i: number): void {
    this.listed[i] = 0;
  }

  /**
   * The ready steps, earliest-declared first, for as long as the caller reads. Add or delete
   * nothing until the loop ends (or breaks): the entries read are put back then.
   */
  *inOrder(): Generator<number, void, undefined> {
    const read: number[] = [];
    try {
      for (let i = this.heap.pop(); i !== undefined; i = this.heap.pop()) {
        if (this.listed[i] !== 1) {
          this.queued[i] = 0;
          continue;
        }
        read.push(i);
        yield i;
      }
    } finally {
      for (const i of read) this.heap.push(i);
    }
  }
}

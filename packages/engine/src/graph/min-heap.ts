/** A binary min-heap of integers; used to pick the earliest-declared ready step. */
export class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let child = items.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (items[parent]! <= value) break;
      items[child] = items[parent]!;
      child = parent;
    }
    items[child] = value;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let parent = 0;
    for (;;) {
      let child = parent * 2 + 1;
      if (child >= items.length) break;
      if (child + 1 < items.length && items[child + 1]! < items[child]!) child += 1;
      if (items[child]! >= last) break;
      items[parent] = items[child]!;
      parent = child;
    }
    items[parent] = last;
    return top;
  }
}

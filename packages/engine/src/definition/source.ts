import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type ParsedNode,
} from 'yaml';

export interface Position {
  line: number;
  column: number;
}

/** Finds where a path of keys and indexes sits in the YAML source. */
export class SourceLocator {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {}

  positionOf(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /**
   * The position of the value at `path`, or of the deepest part of the path that exists.
   * With `at: 'key'` the position of the key that holds the value, which reads better for
   * an unknown key. An empty value points at its key, since it has no text of its own.
   */
  locate(path: readonly PropertyKey[], at: 'value' | 'key' = 'value'): Position {
    let node: Node | null = this.doc.contents;
    let key: Node | undefined;
    for (const segment of path) {
      const resolved = this.resolve(node);
      const child = this.child(resolved, segment);
      if (child === undefined) break;
      node = child.value;
      key = child.key;
    }
    const useKey = key !== undefined && (at === 'key' || isEmpty(node));
    const target = useKey ? key : (node ?? key);
    const offset = target?.range?.[0] ?? 0;
    return this.positionOf(offset);
  }

  private resolve(node: Node | null): Node | null {
    return isAlias(node) ? ((node.resolve(this.doc) as Node | undefined) ?? null) : node;
  }

  private child(
    node: Node | null,
    segment: PropertyKey,
  ): { value: Node | null; key: Node | undefined } | undefined {
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (!pair) return undefined;
      return { value: (pair.value as Node | null) ?? null, key: pair.key as Node };
    }
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as ParsedNode | undefined;
      return item === undefined ? undefined : { value: item, key: undefined };
    }
    return undefined;
  }
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function isEmpty(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null && node.source === '');
}

import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type ParsedNode } from 'yaml';
import { LineIndex } from './line-index.ts';

export interface Position {
  line: number;
  column: number;
}

/** Where things sit in the source, as the checks ask for them to report a problem. */
export interface Locator {
  locate(path: readonly PropertyKey[], at?: 'value' | 'key'): Position;
  positionOf(offset: number): Position;
  positionInString(
    path: readonly PropertyKey[],
    anchor: string,
    occurrence: number,
    offset: number,
  ): Position;
}

/** The line and column of character `offset`, counted in the text itself (no parse needed). */
export function positionInText(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Finds where a path of keys and indexes sits in the YAML source. */
export class SourceLocator implements Locator {
  private readonly lines: LineIndex;

  constructor(
    private readonly doc: Document.Parsed,
    /** The source text the document was parsed from. */
    private readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  /**
   * The position of character `offset` of the string value at `path`, when the source spells
   * that part of the string as is (no escapes or folded lines before it, counted from the
   * `occurrence`-th `anchor` of the value); otherwise the string's own position.
   */
  positionInString(
    path: readonly PropertyKey[],
    anchor: string,
    occurrence: number,
    offset: number,
  ): Position {
    const fallback = this.locate(path);
    const node = this.nodeAt(path);
    if (anchor === '' || !isScalar(node) || typeof node.value !== 'string') {
      return fallback;
    }
    const value = node.value;
    const [start, end] = node.range ?? [0, 0];
    const source = this.text.slice(start, end);
    const inValue = nthIndexOf(value, anchor, occurrence);
    const inSource = nthIndexOf(source, anchor, occurrence);
    if (inValue < 0 || inSource < 0) return fallback;
    const delta = offset - inValue;
    const same =
      delta >= 0 &&
      value.slice(inValue, offset) === source.slice(inSource, inSource + delta) &&
      countOf(value, anchor) === countOf(source, anchor);
    return this.positionOf(start + inSource + (same ? delta : 0));
  }

  private nodeAt(path: readonly PropertyKey[]): Node | null {
    let node: Node | null = this.doc.contents;
    for (const segment of path) {
      const child = this.child(this.resolve(node), segment);
      if (child === undefined) return null;
      node = child.value;
    }
    return this.resolve(node);
  }

  positionOf(offset: number): Position {
    return this.lines.positionOf(offset);
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

function nthIndexOf(text: string, needle: string, n: number): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

function countOf(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length))
    count++;
  return count;
}

import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/** A 1-based place in a file. */
export interface Place {
  line: number;
  column: number;
}

/**
 * Finds where a JSON Pointer (`/steps/0/with`, as ajv's `instancePath`) points in a parsed
 * YAML or JSON document: the value's start, or with `key` the start of that key inside the
 * value (for "must NOT have additional properties"). Falls back to the deepest node found.
 */
export function locatePointer(
  doc: Document,
  lineCounter: LineCounter,
  pointer: string,
  key?: string,
): Place {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeSegment);
  let node = resolve(doc, doc.contents);
  let keyNode: Node | undefined;
  for (const segment of segments) {
    const child = childOf(doc, node, segment);
    if (!child) break;
    node = child.value;
    keyNode = child.key;
  }
  if (key !== undefined) {
    const child = childOf(doc, node, key);
    if (child?.key) return placeOf(lineCounter, child.key) ?? { line: 1, column: 1 };
  }
  return (
    (node && placeOf(lineCounter, node)) ??
    (keyNode && placeOf(lineCounter, keyNode)) ?? { line: 1, column: 1 }
  );
}

/** The 1-based line and column of a character offset. */
export function placeOfOffset(lineCounter: LineCounter, offset: number): Place {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function childOf(
  doc: Document,
  node: Node | null | undefined,
  segment: string,
): { value: Node | undefined; key?: Node } | undefined {
  if (isMap(node)) {
    const pair = node.items.find(
      (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment,
    );
    if (!pair) return undefined;
    const key = isScalar(pair.key) ? pair.key : undefined;
    const value = resolve(doc, pair.value as Node | null);
    return key ? { value, key } : { value };
  }
  if (isSeq(node)) {
    const index = Number(segment);
    if (!Number.isInteger(index)) return undefined;
    const item = node.items[index] as Node | null | undefined;
    return item ? { value: resolve(doc, item) } : undefined;
  }
  return undefined;
}

function resolve(doc: Document, node: Node | null | undefined): Node | undefined {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? undefined;
  return node ?? undefined;
}

function placeOf(lineCounter: LineCounter, node: Node): Place | undefined {
  const start = node.range?.[0];
  return start === undefined ? undefined : placeOfOffset(lineCounter, start);
}

function unescapeSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

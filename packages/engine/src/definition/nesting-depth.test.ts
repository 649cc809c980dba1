import { describe, expect, it } from 'vitest';
import { isMap, isPair, isSeq, parseDocument } from 'yaml';
import { findExcessNesting } from './nesting-depth.ts';

/** How deep `yaml` itself nests the document's collections. */
function parsedDepth(text: string): number {
  const doc = parseDocument(text);
  expect(doc.errors).toEqual([]);
  const depth = (node: unknown): number => {
    if (!isMap(node) && !isSeq(node)) return 0;
    let deepest = 0;
    for (const item of node.items) {
      const inner = isPair(item) ? Math.max(depth(item.key), depth(item.value)) : depth(item);
      deepest = Math.max(deepest, inner);
    }
    return 1 + deepest;
  };
  return depth(doc.contents);
}

/** The scan's depth: the least limit it accepts. */
function scannedDepth(text: string): number {
  let limit = 0;
  while (findExcessNesting(text, limit) !== undefined) limit++;
  return limit;
}

const lines = (...all: string[]) => `${all.join('\n')}\n`;

const SAMPLES: Record<string, string> = {
  'a list at its map key column': lines('steps:', '- id: a', '  with: { x: [1] }', 'name: x'),
  'compact lists and maps': lines('a:', '  - - - b: 1', '        c: [d, {e: f}]'),
  'brackets in a block scalar': lines('run: |', '  [[[ { {', '  - a: b', 'next: [1]'),
  'a folded scalar in a list': lines('- >-', '  [[[', '  x: y', '- z'),
  'brackets in quoted scalars': lines(`a: "[[[{"`, `b: '[[''['`, `c: ["]]", '[{']`),
  'a quoted key': lines(`"a: [": [1, [2]]`),
  'brackets in comments': lines('a: 1 # [[[ {{{', '# - - - [[[', 'b: [1] # ]]'),
  'brackets inside plain scalars': lines('run: echo [x] {y} it\'s "z"', 'if: a[0] == b'),
  'a flow collection over lines': lines('a: [', '  1, [2,', '  [3]],', '  {b: c}', ']', 'd: e'),
  'a quoted scalar over lines': lines('a: "one [', '  two ]]]', '  three"', 'b: [[1]]'),
  'anchors, tags and aliases': lines('a: &x { b: [1] }', 'c: !!map', '  d: *x', 'e: &y', '  - 1'),
  'CRLF line ends': 'a:\r\n  b:\r\n    - [c]\r\n',
  'a complex key': lines('? [a, b]', ': [c]'),
  'an empty document': '',
  'a workflow as the templates write them': lines(
    'name: feature-delivery',
    'narrative: "A capability journeys from idea to production"',
    'on:',
    '  push: { branches: [main, "release/*"] }',
    '  schedule:',
    "    - cron: '0 3 * * 1-5'",
    'env: { CI: true }',
    'steps:',
    '  - id: test',
    '    action: shell',
    '    with:',
    '      run: |',
    '        if [ -f package.json ]; then npm test; fi',
    '        echo "{ done }" # not a comment',
    '    beat: Tests pass',
    '  - id: ship',
    '    depends_on: [test]',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an expression, as workflows write it
    '    if: ${{ steps.test.outputs.count > 0 }}',
    '    matrix:',
    '      target: [linux, { os: mac, arch: [arm64, x64] }]',
  ),
};

describe('findExcessNesting', () => {
  it.each(Object.entries(SAMPLES))('counts the levels yaml reads in %s', (_name, text) => {
    expect(scannedDepth(text)).toBe(parsedDepth(text));
  });

  it('points at the bracket, dash or key that passes the limit', () => {
    expect(findExcessNesting('a: [[[1]]]\n', 3)).toBe(5);
    expect(findExcessNesting('- - - x\n', 2)).toBe(4);
    expect(findExcessNesting('a:\n  b:\n    c: 1\n', 2)).toBe(12);
  });

  it('scans a million unclosed brackets in linear time', () => {
    const start = performance.now();
    expect(findExcessNesting(`a: ${'['.repeat(1_000_000)}`, 64)).toBe(3 + 63);
    expect(findExcessNesting(`a: "${'['.repeat(1_000_000)}"`, 64)).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readSimpleYaml } from './simple-yaml.ts';

/** What the full reader makes of `text`, or undefined when it reports an error. */
function fullRead(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, { prettyErrors: false });
  return doc.errors.length > 0 ? undefined : { value: doc.toJS() };
}

/** Values and key order, with NaN, -0 and own `__proto__` keys kept apart. */
function exact(read: { value: unknown } | undefined): string | undefined {
  if (read === undefined) return undefined;
  return JSON.stringify(read.value, (_key, value: unknown) => {
    if (typeof value === 'number') return `number ${Object.is(value, -0) ? '-0' : value}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value);
    }
    return value;
  });
}

/** How workflows are written: the reader must take these itself, not hand them on. */
const WORKFLOWS = [
  'name: bench\nsteps:\n  - id: s0\n    action: noop\n  - id: s1\n    action: noop\n    depends_on: [s0]\n',
  'name: bench\nsteps:\n  - { id: root, action: noop }\n  - { id: s0, action: noop, depends_on: [root] }\n',
  [
    '# A release',
    'name: release',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an Arcflow expression, not a template
    'narrative: "The hero ships: version ${{ inputs.version }}"',
    'max_parallel: 4',
    'env:',
    '  CI: true',
    "  GREETING: 'it''s here'",
    'inputs:',
    '  version: { type: string, default: "1.0" }',
    'steps:',
    '- id: build',
    '  action: shell',
    '  with:',
    '    run: make build # the whole tree',
    '    script: |',
    '      set -e',
    '',
    '        make test   # kept',
    '    cleanup: |-',
    '      rm -rf out',
    '    summary: >',
    '',
    '      folded into',
    '      one line',
    '',
    '',
    '      and another',
    '    notes: |+',
    '      one',
    '',
    '    retries: 0x1F',
    '  depends_on:',
    '  - fetch',
    '  - "lint"',
    '',
    '- id: approve',
    '  universe: ceremony',
    '  if: ~',
    '  timeout: 1.5e3',
    '  runs_on: [linux, -docker, { x: [] }, ]',
    '',
  ].join('\n'),
  'a:\n    - - 1\n      - 2\n    -   b: c\n        d: -.inf\n',
  '__proto__: { polluted: true }\n1: one\ntrue: yes\nnull: nothing\n',
];

/** Documents the full reader refuses or reads differently: the quick reader must step aside. */
const STEP_ASIDE = [
  'a: b: c\n',
  'a: 1\n  b: 2\n',
  'a:\n  b: 1\n c: 2\n',
  'text: plain\n  continued\n',
  '- a\n  b\n',
  'a: [x, y]\nb: [x,\n  y]\n',
  'a: [x: 1]\n',
  'a: {b:c}\n',
  'a: [, b]\n',
  'a: "x" y\n',
  "a: 'x'y\n",
  'a: [x] y\n',
  'a: "tab\\there \\x41"\n',
  'run: >\n  folded\n   more indented\n',
  'run: |2\n    indented\n',
  'run: |\nnext: 1\n',
  'run: |\n    \n  x\n',
  'run: |\n  x\n     \n  y\n',
  'run: |\n  last line without a break',
  'a: &x 1\nb: *x\n',
  'a: !!str 1\n',
  'a: 1\n1.0: 2\n1: 3\n',
  '---\na: 1\n',
  'a: 1\n...\n',
  'a: -\n',
  '- a\nb: 1\n',
  '? a\n: b\n',
  '\tkey: tab\n',
  'a: 1\r\n',
  '',
  '# only a comment\n',
  'just a scalar\n',
];

describe('readSimpleYaml', () => {
  it.each(WORKFLOWS)('reads %j itself, exactly as the full reader does', (text) => {
    const read = readSimpleYaml(text);
    expect(read).toBeDefined();
    expect(exact(read)).toBe(exact(fullRead(text)));
  });

  it.each(STEP_ASIDE)('steps aside for %j', (text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });

  it('keeps __proto__ as an own key, never as the prototype', () => {
    const value = readSimpleYaml('__proto__: { polluted: true }\n')?.value as object;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('agrees with the full reader on every generated document it reads', () => {
    const random = seeded(14);
    let read = 0;
    for (let i = 0; i < 3000; i++) {
      const text = generatedDocument(random);
      const quick = readSimpleYaml(text);
      if (quick === undefined) continue;
      read++;
      expect({ text, value: exact(quick) }).toEqual({ text, value: exact(fullRead(text)) });
    }
    // Enough of them are read for the comparison to mean something.
    expect(read).toBeGreaterThan(500);
  });
});

const SCALARS = [
  ...['a', 'x y', '1', '-1', '0x1F', '010', '0o17', '1e3', '.inf', '-.Inf', '.nan', '~', 'null'],
  ...['True', 'yes', "'q'", '"k"', "'it''s'", '"a\\"b"', '"a\\nb"', '"\\u00e9"', '"a\\x41"'],
  ...['a#b', 'http://x.y/z?q=1#f', 'a,b', 'é', '-x', '?x', ':x', 'x:y', '+1', '1_000', '12:30'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an Arcflow expression, not a template
  ...["''", '""', '__proto__', 'a  b', '${{ inputs.x }}', '&x', '*x', '!x', '- x', '? x', 'a: b'],
  ...['[x]', '{x}', '-', '-0', 'a #b', '|', '|-', '|+', '|2', '>', '>-', '>+'],
];

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** A random document in the styles workflows use, sometimes broken by one edit. */
function generatedDocument(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const flow = (depth: number): string => {
    if (depth > 2 || random() < 0.5) return pick(SCALARS);
    const count = Math.floor(random() * 4);
    if (random() < 0.5) {
      const items = Array.from({ length: count }, () => flow(depth + 1));
      return `[${items.join(pick([', ', ',']))}${pick(['', ', '])}]`;
    }
    const pairs = Array.from({ length: count }, () => `${pick(SCALARS)}: ${flow(depth + 1)}`);
    return `{${pick(['', ' '])}${pairs.join(', ')}${pick(['', ' '])}}`;
  };
  const lines: string[] = [];
  const block = (indent: number, depth: number, prefix: string): void => {
    const shape = random();
    if (depth > 3 || shape < 0.4) {
      const value = random() < 0.8 ? pick(SCALARS) : flow(0);
      lines.push(
        `${prefix}${prefix.endsWith(':') ? ' ' : ''}${value}${random() < 0.1 ? ' # c' : ''}`,
      );
      if (value.startsWith('|') || value.startsWith('>')) {
        const at = Math.max(0, indent + pick([-1, 0, 1, 2]));
        for (let i = Math.floor(random() * 4); i >= 0; i--) {
          lines.push(
            pick(['', ' ', '     ', `${' '.repeat(at)}echo "$1"`, `${' '.repeat(at + 2)}# kept`]),
          );
        }
      }
      return;
    }
    const step = pick([1, 2, 2, 4]);
    const count = 1 + Math.floor(random() * 3);
    if (shape < 0.7) {
      const compact = prefix.endsWith('- ') && random() < 0.7;
      const at = compact ? indent : indent + step;
      if (!compact) lines.push(prefix.trimEnd());
      for (let i = 0; i < count; i++) {
        const start = compact && i === 0 ? prefix : ' '.repeat(at);
        block(at, depth + 1, `${start}${pick(SCALARS.slice(0, 30))}:`);
      }
      return;
    }
    const at = prefix.endsWith(':') && random() < 0.4 ? indent : indent + step;
    lines.push(prefix.trimEnd());
    for (let i = 0; i < count; i++) {
      if (random() < 0.1) lines.push(`${' '.repeat(pick([0, at]))}# comment`);
      block(at + 2, depth + 1, `${' '.repeat(at)}- `);
    }
  };
  const keys = 1 + Math.floor(random() * 4);
  for (let i = 0; i < keys; i++) block(0, 1, `${pick(SCALARS.slice(0, 30))}:`);
  const text = lines.join('\n') + pick(['\n', '', '\n\n']);
  if (random() > 0.3) return text;
  const at = Math.floor(random() * text.length);
  const edit = pick([' ', '\n', ':', '-', '#', '[', ']', '{', ',', "'", '"', '\n  ', '']);
  return text.slice(0, at) + edit + text.slice(at + (edit === '' ? 1 : 0));
}

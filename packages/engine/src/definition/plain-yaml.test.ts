import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { MAX_NESTING_DEPTH } from './limits.ts';
import { readPlainYaml } from './plain-yaml.ts';

/** What the full reader makes of `text`: the data every check used to run on. */
const fullRead = (text: string) => parseDocument(text, { prettyErrors: false }).toJS();

const SCALARS = [
  '010',
  '0o17',
  '0o19',
  '0x1F',
  '0xG',
  '0b101',
  '+12',
  '-0',
  '1_000',
  '1e3',
  '1.5E-3',
  '.5',
  '1.',
  '1.50',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '~',
  'null',
  'Null',
  'NULL',
  'nUll',
  'true',
  'True',
  'TRUE',
  'tRue',
  'yes',
  'No',
  'on',
  'off',
  'y',
  '2024-01-01',
  '12:30:00',
  '12:30',
  '"quoted 010"',
  "'single ''quoted'''",
  "''",
  '""',
  '"tab\\there \\u00e9 \\x41 \\\\"',
  'plain with spaces',
  'a:b',
  'http://example.com/a?b=c#frag',
  'echo $HOME {{ inputs.name }}',
];

/** Values that cannot also be keys: collections (and `-`, a sequence on the key's line). */
const VALUES_ONLY = ['[]', '{}', '[a, 1, "2", ~]', '{ a: 1, b: [x, y], c: }'];

const DOCUMENTS = [
  ...[...SCALARS, ...VALUES_ONLY].map((scalar) => `value: ${scalar}\n`),
  ...SCALARS.map((scalar) => `${scalar}: key\n`),
  'name: x\nsteps:\n  - id: a\n    action: noop\n',
  'a:\n  b:\n    c: 1\n  d:\n    - 1\n    - - 2\n      - 3\n',
  'empty:\nnull_key: ~\n',
  '1: one\ntrue: yes\n~: nothing\n',
  '__proto__: polluted\nsafe: 1\n',
  'run: |\n  echo one\n  echo two\n\n\nnext: 1\n',
  'run: |-\n  echo one\n\nnext: 1\n',
  'run: |+\n  echo one\n\n\nnext: 1\n',
  'run: >\n  folded\n  lines\n\n  paragraph\nnext: 1\n',
  'run: >-\n  folded\n    more indented\n  back\n',
  'run: |2\n    indented by two\n',
  'text: plain\n  continued\n  on lines\n',
  'text: "double\n  continued\n\n  with gap"\n',
  "text: 'single\n  continued'\n",
  '# comment\nkey: value # trailing\n# end\n',
  '---\nkey: value\n',
  '---\nkey: value\n...\n',
  'key: value\r\nother: 2\r\n',
  '\ufeffkey: value\n',
  'unicode: "héllo wörld ✓"\nemoji: 🎉\n',
  'anchored: &a { x: 1 }\nplain: 2\n',
  'list: !!seq [a]\nmap: !!map { a: 1 }\nstr: !!str 010\n',
  'nested: [[1, 2], {a: [b, {c: d}]}]\n',
  'key with spaces: value\n"quoted key": 1\n\'single key\': 2\n',
  'a: 1\nb:\n  - x: 1\n    y: 2\n  - {x: 3}\n',
];

/** Documents where the two readers could disagree: the quick one must step aside. */
const STEP_ASIDE = [
  'a: &x 1\nb: *x\n',
  'a: 1\na: 2\n',
  '1: a\n"1": b\n',
  '1: a\n1.0: b\n',
  '? [a, b]\n: c\n',
  '[]: key\n',
  '~: nothing\n"": empty\n',
  'value: -\n',
  '{a: 1}: b\n',
  'int: !!int 3\n',
  'custom: !thing x\n',
  '%YAML 1.1\n---\nyes: no\n',
  'a: 1\n---\nb: 2\n',
  '',
  'a: [unclosed\n',
  'a: b: c\n',
  '\tkey: tab\n',
];

describe('readPlainYaml', () => {
  it.each(DOCUMENTS)('reads %j exactly as the full reader does', (text) => {
    expect(parseDocument(text).errors).toEqual([]);
    expect(readPlainYaml(text)).toEqual({ value: fullRead(text) });
  });

  it.each(STEP_ASIDE.filter((text) => parseDocument(text).errors.length > 0))(
    'never accepts what the full reader refuses: %j',
    (text) => {
      expect(readPlainYaml(text)).toBeUndefined();
    },
  );

  it('keeps __proto__ as an own key, never as the prototype', () => {
    const read = readPlainYaml('__proto__: { polluted: true }\n');
    const value = (read as { value: object }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it.each(STEP_ASIDE)('steps aside for %j', (text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });

  it('reads nesting up to the limit, in the simple and the full reader', () => {
    const open = '['.repeat(MAX_NESTING_DEPTH - 1);
    const close = ']'.repeat(MAX_NESTING_DEPTH - 1);
    for (const text of [`a: ${open}1${close}\n`, `a: &x ${open}1${close}\n`]) {
      expect(readPlainYaml(text)).toEqual({ value: fullRead(text) });
    }
  });

  it('finds where text nests too deep instead of recursing into it', () => {
    const open = '['.repeat(10_000);
    expect(readPlainYaml(`a: ${open}1\n`)).toEqual({ tooDeepAt: 3 + MAX_NESTING_DEPTH - 1 });
    expect(readPlainYaml(`%YAML 1.2\n---\na: ${open}\n`)).toEqual({
      tooDeepAt: 17 + MAX_NESTING_DEPTH - 1,
    });
  });
});

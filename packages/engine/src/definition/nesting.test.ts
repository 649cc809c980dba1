import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionRegistry } from '../actions/registry.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { MAX_NESTING_DEPTH } from './limits.ts';
import { parseWorkflow } from './parse.ts';

const actions = createActionRegistry([
  {
    name: 'echo',
    description: 'Takes any value.',
    input: z.object({ value: z.unknown() }).strict(),
    run: async () => ({}),
  },
]);

const parse = (text: string) => parseWorkflow(text, { file: 'wf.yaml', actions });
const located = (text: string) =>
  parse(text).diagnostics.map((d: Diagnostic) => `${d.line}:${d.column} ${d.code} ${d.message}`);

/** A workflow whose one step's `with.value` is `value`, written from column 20 of line 5. */
const withValue = (value: string) =>
  `name: deep\nsteps:\n  - id: a\n    action: echo\n    with: { value: ${value} }\n`;
const VALUE_COLUMN = 20;

const TOO_DEEP = `too-deep the YAML nests more than ${MAX_NESTING_DEPTH} levels deep here (maps and lists inside each other); a workflow may nest at most ${MAX_NESTING_DEPTH} levels: flatten it`;
/** The root map, `steps`, the step and `with` hold levels 1-4; the value's first level is 5. */
const PASSED_AT = MAX_NESTING_DEPTH + 1 - 5;

describe('parseWorkflow: nesting depth', () => {
  it('refuses 10,000 nested flow lists with one diagnostic where the limit is passed', () => {
    const result = located(withValue(`${'['.repeat(10_000)}${']'.repeat(10_000)}`));
    expect(result).toEqual([`5:${VALUE_COLUMN + PASSED_AT} ${TOO_DEEP}`]);
  });

  it('refuses 100,000 nested flow maps, and 100,000 unclosed brackets', () => {
    const maps = located(withValue(`${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}`));
    expect(maps).toEqual([`5:${VALUE_COLUMN + PASSED_AT * 4} ${TOO_DEEP}`]);
    const unclosed = located(withValue('['.repeat(100_000)));
    expect(unclosed).toEqual([`5:${VALUE_COLUMN + PASSED_AT} ${TOO_DEEP}`]);
  });

  it('refuses 10,000 and 100,000 compact block lists (- - - x)', () => {
    for (const depth of [10_000, 100_000]) {
      const text = `name: deep\nsteps:\n  ${'- '.repeat(depth)}x\n`;
      // The root map is level 1; `steps` holds level 2 at column 3, level 3 at column 5, ...
      expect(located(text)).toEqual([`3:${3 + 2 * (MAX_NESTING_DEPTH - 1)} ${TOO_DEEP}`]);
    }
  });

  it('refuses maps nested by indentation, at the first line past the limit', () => {
    const lines = Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 6)}k${i}:`);
    const text = `name: deep\nsteps:\n  - id: a\n    action: echo\n    with:\n${lines.join('\n')} 1\n`;
    // k0 (line 6, column 7) is in `with`'s map, level 4; k1 opens level 5, and so on.
    const line = 6 + PASSED_AT + 1;
    expect(located(text)).toEqual([`${line}:${line + 1} ${TOO_DEEP}`]);
  });

  it('accepts a value nested exactly to the limit', () => {
    const depth = MAX_NESTING_DEPTH - 4;
    const result = parse(withValue(`${'['.repeat(depth)}1${']'.repeat(depth)}`));
    expect(result.diagnostics).toEqual([]);
    expect(JSON.stringify(result.definition?.steps[0]?.with)).toBe(
      `{"value":${'['.repeat(depth)}1${']'.repeat(depth)}}`,
    );
  });

  it('refuses an alias that refers to the node containing it (an endless value)', () => {
    const text = 'name: deep\nsteps:\n  - id: a\n    action: echo\n    with: &w { value: *w }\n';
    expect(located(text)).toEqual([
      '5:23 too-deep the alias *w makes the data nest more than 64 levels deep (an alias used inside the node it names nests endlessly); write the value out instead',
    ]);
  });

  it('refuses aliases that together nest deeper than the limit', () => {
    const [open, close] = ['['.repeat(40), ']'.repeat(40)];
    const text = withValue(`[&inner ${open}1${close}, ${open}*inner${close}]`);
    expect(located(text)).toEqual([
      `5:${text.split('\n')[4]!.indexOf('*inner') + 1} too-deep the alias *inner makes the data nest more than 64 levels deep (an alias used inside the node it names nests endlessly); write the value out instead`,
    ]);
  });
});

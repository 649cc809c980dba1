import { MAX_NESTING_DEPTH } from '@arcflow/engine';
import { describe, expect, it } from 'vitest';
import { parseBody } from './parse-body.ts';

const json = (text: string) => parseBody('application/json', Buffer.from(text));

describe('parseBody: nesting', () => {
  it('takes a payload nested up to the limit', () => {
    const open = '{"a":'.repeat(MAX_NESTING_DEPTH - 1);
    expect(json(`${open}[1]${'}'.repeat(MAX_NESTING_DEPTH - 1)}`)).toMatchObject({ ok: true });
  });

  it('refuses 10,000 and 1,000,000 levels with 400, before anything walks the value', () => {
    for (const depth of [10_000, 1_000_000]) {
      expect(json(`${'['.repeat(depth)}${']'.repeat(depth)}`)).toEqual({
        ok: false,
        status: 400,
        reason: `the body nests more than ${MAX_NESTING_DEPTH} levels deep (arrays and objects inside each other); send a flatter payload`,
      });
    }
  });

  it('counts no brackets inside strings, and refuses a deep form payload too', () => {
    const inString = JSON.stringify({ text: '['.repeat(10_000) });
    expect(json(inString)).toEqual({ ok: true, value: { text: '['.repeat(10_000) } });
    const form = new URLSearchParams({ payload: '['.repeat(100) + ']'.repeat(100) }).toString();
    expect(parseBody('application/x-www-form-urlencoded', Buffer.from(form))).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});

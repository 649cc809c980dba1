import { describe, expect, it } from 'vitest';
import { parseOutputFile } from './output-file.ts';

describe('parseOutputFile', () => {
  it('reads name=value lines, keeping everything after the first =', () => {
    expect(parseOutputFile('version=1.2.3\nurl=https://x.test/?a=b\nempty=\n')).toEqual({
      ok: true,
      outputs: { version: '1.2.3', url: 'https://x.test/?a=b', empty: '' },
    });
  });

  it('reads a heredoc value of several lines, CRLF or not', () => {
    const text = 'notes<<EOF\r\nfirst line\r\n\r\nthird = line\r\nEOF\r\nafter=1\r\n';
    expect(parseOutputFile(text)).toEqual({
      ok: true,
      outputs: { notes: 'first line\n\nthird = line', after: '1' },
    });
  });

  it('stores arrays and objects as JSON, and leaves numbers, booleans and non-JSON as text', () => {
    const text = [
      'packages=["a","b"]',
      'meta={"n":1}',
      'count=42',
      'flag=true',
      'title=[WIP] fix',
      'list<<END',
      '[',
      '  1, 2',
      ']',
      'END',
    ].join('\n');
    expect(parseOutputFile(text)).toEqual({
      ok: true,
      outputs: {
        packages: ['a', 'b'],
        meta: { n: 1 },
        count: '42',
        flag: 'true',
        title: '[WIP] fix',
        list: [1, 2],
      },
    });
  });

  it('keeps the last value of a name written twice and ignores blank lines', () => {
    expect(parseOutputFile('a=1\n\n  \na=2')).toEqual({ ok: true, outputs: { a: '2' } });
  });

  it('names the line of a bad name, a line without =, and a heredoc never closed', () => {
    expect(parseOutputFile('ok=1\n9lives=x')).toMatchObject({ ok: false, line: 2 });
    expect(parseOutputFile('ok=1\n9lives=x')).toMatchObject({
      message: expect.stringContaining('"9lives" is not an output name'),
    });
    expect(parseOutputFile('a=1\nb=2\njust words')).toMatchObject({
      ok: false,
      line: 3,
      message: expect.stringContaining('expected name=value'),
    });
    expect(parseOutputFile('a=1\nnotes<<EOF\nline\nEOFX')).toMatchObject({
      ok: false,
      line: 2,
      message: expect.stringContaining('no line is exactly "EOF"'),
    });
    expect(parseOutputFile('notes<<')).toMatchObject({ ok: false, line: 1 });
    expect(parseOutputFile('=value')).toMatchObject({ ok: false, line: 1 });
  });
});

describe('parseOutputFile: nesting', () => {
  it('refuses a JSON value nested more than 64 levels deep, at its line', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(parseOutputFile(`a=1\nlist=${deep}\n`)).toEqual({
      ok: false,
      line: 2,
      message:
        'the value of "list" nests more than 64 levels deep (arrays and objects inside each other); write it flatter',
    });
    expect(parseOutputFile(`list<<EOF\n${deep}\nEOF\n`)).toMatchObject({ ok: false, line: 1 });
  });

  it('keeps a value nested up to the limit, and brackets inside strings', () => {
    const open = '['.repeat(64);
    const close = ']'.repeat(64);
    const result = parseOutputFile(`list=${open}1${close}\ntext=["${'['.repeat(1_000)}"]\n`);
    expect(result.ok).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { endsWithStartOfValue, LogMasker, maskJoined } from './log-masker.ts';
import { maskInput, SecretMask } from './mask-secrets.ts';

type Line = { stream: 'stdout' | 'stderr'; text: string };

function masker(...values: string[]) {
  const mask = new SecretMask();
  for (const value of values) mask.add(value);
  const out: Line[] = [];
  return { logs: new LogMasker<Line>(mask, (line) => out.push(line)), out, mask };
}

describe('LogMasker', () => {
  it('masks a value within a line, and lets lines without one pass at once', () => {
    const { logs, out } = masker('hunter2-secret');
    logs.push({ stream: 'stdout', text: 'key=hunter2-secret ok' });
    logs.push({ stream: 'stdout', text: 'plain' });
    expect(out.map((l) => l.text)).toEqual(['key=*** ok', 'plain']);
  });

  it('holds a line that ends with the start of a value, and masks both pieces of a cut value', () => {
    const { logs, out } = masker('hunter2-secret');
    logs.push({ stream: 'stdout', text: 'xxxxhunter' });
    expect(out).toEqual([]);
    logs.push({ stream: 'stderr', text: 'meanwhile' });
    expect(out).toEqual([{ stream: 'stderr', text: 'meanwhile' }]);
    logs.push({ stream: 'stdout', text: '2-secret tail' });
    expect(out.map((l) => l.text)).toEqual(['meanwhile', 'xxxx***', '*** tail']);
  });

  it('emits a held line when flushed, at the end of the step', () => {
    const { logs, out } = masker('hunter2-secret');
    logs.push({ stream: 'stdout', text: 'waiting for h' });
    logs.flush();
    expect(out.map((l) => l.text)).toEqual(['waiting for h']);
  });

  it('masks values that join after lines passed, of any length', () => {
    const { logs, out, mask } = masker();
    logs.push({ stream: 'stdout', text: 'pin=q7z' });
    mask.add('q7z');
    logs.push({ stream: 'stdout', text: 'pin=q7z' });
    expect(out.map((l) => l.text)).toEqual(['pin=q7z', 'pin=***']);
  });

  it('masks each line of a value of several lines', () => {
    const { logs, out } = masker('-----BEGIN KEY-----\nAAAABBBBCCCC\nend');
    logs.push({ stream: 'stdout', text: '-----BEGIN KEY-----' });
    logs.push({ stream: 'stdout', text: 'AAAABBBBCCCC' });
    expect(out.map((l) => l.text)).toEqual(['***', '***']);
  });
});

describe('masking helpers', () => {
  it('finds the start of a value at the end of a text', () => {
    expect(endsWithStartOfValue('abc hun', ['hunter2'])).toBe(true);
    expect(endsWithStartOfValue('abc hunter2', ['hunter2'])).toBe(false);
    expect(endsWithStartOfValue('abc', ['hunter2'])).toBe(false);
    expect(maskJoined(['ab', 'cd', 'ef'], ['bcde'])).toEqual(['a***', '***', '***f']);
  });

  it('masks outputs, summaries and prompts as well as failures', () => {
    const mask = new SecretMask();
    mask.add('hunter2');
    const at = new Date(0);
    expect(
      maskInput(
        {
          type: 'step-succeeded',
          stepId: 's',
          at,
          outputs: { token: 'hunter2', list: ['x hunter2'], n: 1 },
          summary: 'sent hunter2',
        },
        mask.mask,
      ),
    ).toEqual({
      type: 'step-succeeded',
      stepId: 's',
      at,
      outputs: { token: '***', list: ['x ***'], n: 1 },
      summary: 'sent ***',
    });
    expect(
      maskInput(
        {
          type: 'step-waiting',
          stepId: 's',
          at,
          prompt: 'ok hunter2?',
          approvers: [],
          requiredApprovals: 1,
          fourEyes: true,
        },
        mask.mask,
      ),
    ).toMatchObject({ prompt: 'ok ***?' });
    const failure = {
      reason: 'exit-code' as const,
      message: 'bad hunter2',
      lastLines: ['hunter2'],
      summary: 'hunter2!',
      details: { tests: [{ name: 'uses hunter2' }] },
    };
    expect(maskInput({ type: 'step-failed', stepId: 's', at, failure }, mask.mask)).toMatchObject({
      failure: {
        message: 'bad ***',
        lastLines: ['***'],
        summary: '***!',
        details: { tests: [{ name: 'uses ***' }] },
      },
    });
  });

  it('leaves short values of the secrets: list alone, as before', () => {
    const mask = SecretMask.ofEnvNames(['A', 'B', 'C'], { A: '1', B: 'long-enough' });
    expect(mask.mask('1 long-enough')).toBe('1 ***');
  });
});

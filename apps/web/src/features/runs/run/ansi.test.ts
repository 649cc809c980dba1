import { describe, expect, it } from 'vitest';
import { paletteColor, parseAnsi, plainText, segmentCss } from './ansi';

const ESC = '\u001b';

describe('parseAnsi', () => {
  it('turns a red span into a red segment between plain ones', () => {
    const { segments } = parseAnsi(`ok ${ESC}[31mFAIL${ESC}[0m done`);
    expect(segments.map((s) => s.text)).toEqual(['ok ', 'FAIL', ' done']);
    expect(segmentCss(segments[1]?.style ?? {})).toMatchObject({ color: 'var(--ansi-1)' });
    expect(segmentCss(segments[0]?.style ?? {})).toBeUndefined();
    expect(segmentCss(segments[2]?.style ?? {})).toBeUndefined();
  });

  it('shows bold bright colours, 256-colour and 24-bit colours', () => {
    const { segments } = parseAnsi(`${ESC}[1;92mA${ESC}[38;5;196mB${ESC}[48;2;10;20;30mC${ESC}[0m`);
    expect(segmentCss(segments[0]?.style ?? {})).toMatchObject({
      color: 'var(--ansi-10)',
      fontWeight: 700,
    });
    expect(segments[1]?.style.fg).toBe('rgb(255 0 0)');
    expect(segments[2]?.style.bg).toBe('rgb(10 20 30)');
  });

  it('drops escape sequences it does not draw, keeping their text', () => {
    const { segments } = parseAnsi(`${ESC}[2Kprogress ${ESC}]0;title${ESC}\\50%${ESC}[?25l`);
    expect(segments.map((s) => s.text).join('')).toBe('progress 50%');
    expect(segments.every((s) => segmentCss(s.style) === undefined)).toBe(true);
  });

  it('carries a colour left open into the next line', () => {
    const first = parseAnsi(`${ESC}[33mwarning: still`);
    const second = parseAnsi('yellow here', first.style);
    expect(second.segments[0]?.style.fg).toBe('var(--ansi-3)');
  });

  it('swaps colours for inverse video', () => {
    const { segments } = parseAnsi(`${ESC}[7mX`);
    expect(segmentCss(segments[0]?.style ?? {})).toMatchObject({
      color: 'var(--log-bg)',
      backgroundColor: 'var(--log-fg)',
    });
  });
});

describe('paletteColor', () => {
  it('has no colour outside 0–255', () => {
    expect(paletteColor(256)).toBeUndefined();
    expect(paletteColor(-1)).toBeUndefined();
    expect(paletteColor(232)).toBe('rgb(8 8 8)');
  });
});

describe('plainText', () => {
  it('removes real and JSON-quoted escapes from a sentence', () => {
    expect(plainText(`test failed: ${ESC}[31mnot ok${ESC}[0m`)).toBe('test failed: not ok');
    expect(plainText('last output: "\\u001b[31mnot ok\\u001b[0m"')).toBe('last output: "not ok"');
  });
});

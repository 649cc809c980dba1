import type { CSSProperties } from 'react';

/**
 * A small ANSI SGR → styled segments converter for step logs: the 16 colours (as CSS variables
 * that follow the theme), the 256-colour palette, 24-bit colours, bold, dim, italic, underline,
 * inverse and reset. Any other escape sequence is dropped.
 */

export interface AnsiStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

// CSI … final byte, OSC … BEL/ST, and lone two-character escapes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point
const ESCAPE = /\u001b(?:\[([0-9;:?]*)([@-~])|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/** The colour of palette entry `n` (0–255) as a CSS colour. */
export function paletteColor(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 16) return `var(--ansi-${n})`;
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(i / 36))} ${level(Math.floor(i / 6) % 6)} ${level(i % 6)})`;
  }
  const grey = 8 + (n - 232) * 10;
  return `rgb(${grey} ${grey} ${grey})`;
}

function applySgr(params: string, style: AnsiStyle): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let next: AnsiStyle = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 22) {
      next.bold = false;
      next.dim = false;
    } else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code >= 30 && code <= 37) next.fg = paletteColor(code - 30);
    else if (code >= 90 && code <= 97) next.fg = paletteColor(code - 90 + 8);
    else if (code === 39) next.fg = undefined;
    else if (code >= 40 && code <= 47) next.bg = paletteColor(code - 40);
    else if (code >= 100 && code <= 107) next.bg = paletteColor(code - 100 + 8);
    else if (code === 49) next.bg = undefined;
    else if (code === 38 || code === 48) {
      const mode = codes[i + 1];
      let color: string | undefined;
      if (mode === 5) {
        color = paletteColor(codes[i + 2] ?? -1);
        i += 2;
      } else if (mode === 2) {
        const [r, g, b] = [codes[i + 2], codes[i + 3], codes[i + 4]].map((v) =>
          Math.max(0, Math.min(255, v ?? 0)),
        );
        color = `rgb(${r} ${g} ${b})`;
        i += 4;
      } else {
        i += 1;
      }
      if (code === 38) next.fg = color;
      else next.bg = color;
    }
  }
  return next;
}

/**
 * Splits `text` into segments of one style each. `initial` is the style the text starts in
 * (a line may continue the previous one's colours); the style it ends in is returned too.
 */
export function parseAnsi(
  text: string,
  initial: AnsiStyle = {},
): { segments: AnsiSegment[]; style: AnsiStyle } {
  const segments: AnsiSegment[] = [];
  let style = initial;
  let last = 0;
  const push = (chunk: string) => {
    if (!chunk) return;
    const previous = segments.at(-1);
    if (previous && previous.style === style) previous.text += chunk;
    else segments.push({ text: chunk, style });
  };
  for (const match of text.matchAll(ESCAPE)) {
    push(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] === 'm') style = applySgr(match[1] ?? '', style);
  }
  push(text.slice(last));
  return { segments, style };
}

/** The inline style of a segment (colours may be CSS variables, so they are inline styles). */
export function segmentCss(style: AnsiStyle): CSSProperties | undefined {
  let { fg, bg } = style;
  if (style.inverse) [fg, bg] = [bg ?? 'var(--log-bg)', fg ?? 'var(--log-fg)'];
  if (!fg && !bg && !style.bold && !style.dim && !style.italic && !style.underline) {
    return undefined;
  }
  return {
    color: fg,
    backgroundColor: bg,
    fontWeight: style.bold ? 700 : undefined,
    opacity: style.dim ? 0.7 : undefined,
    fontStyle: style.italic ? 'italic' : undefined,
    textDecoration: style.underline ? 'underline' : undefined,
  };
}

/**
 * A sentence without terminal escapes: real ones, and the `\u001b[…m` a JSON-quoted log
 * excerpt leaves in a failure message.
 */
export function plainText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing terminal escapes
  return text.replace(/(?:\u001b|\\u001b|\\x1b|\\e)\[[0-9;:?]*[A-Za-z]/gi, '');
}

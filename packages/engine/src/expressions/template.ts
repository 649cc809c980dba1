/**
 * Finds the `${{ … }}` parts of a string. A `}}` inside a quoted string literal does not
 * close the expression, so `${{ format('{0}}}', x) }}` reads as one expression.
 */

export type TemplatePart =
  | { kind: 'text'; text: string }
  | {
      kind: 'expression';
      /** The expression without `${{ }}`, trimmed. */
      source: string;
      /** Offset of `${{` in the string. */
      start: number;
      /** Offset of `source`'s first character in the string. */
      sourceStart: number;
    };

export type ScanResult = { parts: TemplatePart[] } | { error: string; start: number };

const OPEN = '${{';

export function hasExpression(text: string): boolean {
  return text.includes(OPEN);
}

export function scanTemplate(text: string): ScanResult {
  const parts: TemplatePart[] = [];
  let cursor = 0;
  for (;;) {
    const start = text.indexOf(OPEN, cursor);
    if (start < 0) break;
    if (start > cursor) parts.push({ kind: 'text', text: text.slice(cursor, start) });
    const end = closingBraces(text, start + OPEN.length);
    if (end < 0) {
      return { error: 'the expression is not closed; end it with "}}"', start };
    }
    const raw = text.slice(start + OPEN.length, end);
    const leading = raw.length - raw.trimStart().length;
    const source = raw.trim();
    if (source === '') return { error: `empty expression "\${{ }}"`, start };
    parts.push({ kind: 'expression', source, start, sourceStart: start + OPEN.length + leading });
    cursor = end + 2;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
  return { parts };
}

/** The expression when `text` is exactly one `${{ … }}` (surrounding spaces allowed). */
export function soleExpression(parts: readonly TemplatePart[]): string | undefined {
  const meaningful = parts.filter((part) => part.kind === 'expression' || part.text.trim() !== '');
  const [only] = meaningful;
  return meaningful.length === 1 && only?.kind === 'expression' ? only.source : undefined;
}

/** The offset of the `}}` that closes an expression whose text starts at `from`, or -1. */
function closingBraces(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '}' && text[i + 1] === '}') return i;
  }
  return -1;
}

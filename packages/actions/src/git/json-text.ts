/**
 * JSON files edited the way `npm version` does: parsed, changed, and written back with the
 * file's own indentation, line endings, byte-order mark and trailing newline.
 */

export interface JsonText {
  value: unknown;
  /** How the file is written: indentation, newline, trailing newline, BOM. */
  style: { indent: string; newline: string; finalNewline: boolean; bom: boolean };
}

export type ParseOutcome = { ok: true; json: JsonText } | { ok: false; error: string };

export function parseJsonText(text: string): ParseOutcome {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, error: describeParseError(body, error) };
  }
  return {
    ok: true,
    json: {
      value,
      style: {
        indent: /^([ \t]+)\S/m.exec(body)?.[1] ?? '',
        newline: body.includes('\r\n') ? '\r\n' : '\n',
        finalNewline: /\r?\n\s*$/.test(body),
        bom,
      },
    },
  };
}

export function formatJsonText(value: unknown, style: JsonText['style']): string {
  const text = JSON.stringify(value, null, style.indent).replaceAll('\n', style.newline);
  return (style.bom ? '\uFEFF' : '') + text + (style.finalNewline ? style.newline : '');
}

/** "Expected ',' or '}' after property value (line 3, column 5)". */
function describeParseError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  const offset =
    position !== undefined
      ? Number(position)
      : /end of JSON/i.test(message)
        ? text.length
        : undefined;
  const words = message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/^JSON\.parse:\s*/, '');
  if (offset === undefined) return words;
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return `${words} (line ${line}, column ${column})`;
}

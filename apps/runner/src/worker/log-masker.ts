import type { LogStream } from '@arcflow/engine';
import { MASKED, type SecretMask } from './mask-secrets.ts';

interface Line {
  stream: LogStream;
  text: string;
}

/**
 * Masks a step's log lines before they are stored or shown. A secret's value is masked
 * within a line, and also when it straddles two lines: `runProcess` cuts a very long line
 * into pieces, and the cut may fall inside a value. So a line that ends with the beginning
 * of a secret's value is held until the next line of its stream arrives (or `flush`, when the
 * step ends), and a stream's held lines are masked as one text whose pieces keep their line.
 * Other lines pass at once.
 */
export class LogMasker<L extends Line> {
  private readonly held = new Map<LogStream, L[]>();

  constructor(
    private readonly mask: SecretMask,
    private readonly emit: (line: L) => void,
  ) {}

  push(line: L): void {
    const held = this.held.get(line.stream);
    const values = this.mask.all;
    if (endsWithStartOfValue(line.text, values)) {
      this.held.set(line.stream, [...(held ?? []), line]);
    } else if (held) {
      this.release(line.stream, [...held, line]);
    } else if (values.length === 0 || !values.some((value) => line.text.includes(value))) {
      // The common case, a line that reveals nothing, passes as it is: no copies for the
      // millions of lines a chatty step prints.
      this.emit(line);
    } else {
      this.release(line.stream, [line]);
    }
  }

  /** Emits every held line, masked. */
  flush(): void {
    for (const [stream, run] of [...this.held]) this.release(stream, run);
  }

  private release(stream: LogStream, run: L[]): void {
    this.held.delete(stream);
    const values = this.mask.all;
    const texts =
      values.length === 0
        ? run.map((line) => line.text)
        : maskJoined(
            run.map((line) => line.text),
            values,
          );
    for (const [i, line] of run.entries()) this.emit({ ...line, text: texts[i] as string });
  }
}

/** Whether `text` ends with the first characters (not all) of one of `values`. */
export function endsWithStartOfValue(text: string, values: readonly string[]): boolean {
  for (const value of values) {
    const first = value[0] as string;
    const from = Math.max(0, text.length - value.length + 1);
    for (let at = text.indexOf(first, from); at >= 0; at = text.indexOf(first, at + 1)) {
      if (value.startsWith(text.slice(at))) return true;
    }
  }
  return false;
}

/**
 * Each of `texts` masked, searched as one text: a value found across a boundary is masked
 * in both lines.
 */
export function maskJoined(texts: readonly string[], values: readonly string[]): string[] {
  const joined = texts.join('');
  const hidden = new Uint8Array(joined.length);
  let any = false;
  for (const value of values) {
    for (let at = joined.indexOf(value); at >= 0; at = joined.indexOf(value, at + 1)) {
      hidden.fill(1, at, at + value.length);
      any = true;
    }
  }
  if (!any) return [...texts];
  const out: string[] = [];
  let offset = 0;
  for (const text of texts) {
    let masked = '';
    for (let i = 0; i < text.length; i++) {
      if (hidden[offset + i] === 0) masked += text[i];
      else if (i === 0 || hidden[offset + i - 1] === 0) masked += MASKED;
    }
    out.push(masked);
    offset += text.length;
  }
  return out;
}

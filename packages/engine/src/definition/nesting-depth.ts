/**
 * Where YAML text first nests more than `max` collections (maps and lists) inside each other,
 * as the offset of the collection that passes the limit; undefined when it never does.
 *
 * The YAML readers recurse once per level, so 10,000 levels overflow the stack; this scan
 * runs first, in one pass with no recursion. It follows only what decides nesting: indentation
 * of block maps and lists (`key:`, `- `), flow brackets, and what hides them (quoted scalars,
 * `|` and `>` block scalars, comments). It may count a level too many in odd spellings (a
 * multi-line plain scalar whose next line starts with `- `), never fewer for what a reader
 * nests; aliases are the caller's to follow.
 */
export function findExcessNesting(text: string, max: number): number | undefined {
  return new NestingScan(text, max).run();
}

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const QUESTION = 63;
const COLON = 58;
const COMMA = 44;
const AMPERSAND = 38;
const BANG = 33;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;
const BACKSLASH = 92;
const PIPE = 124;
const GREATER_THAN = 62;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const SEQUENCE = 0;
const MAP = 1;

/** Thrown inside the scan when the limit is passed; `run` turns it into the offset. */
class TooDeep {
  constructor(readonly offset: number) {}
}

class NestingScan {
  /** Open block collections: their column and kind, innermost last. */
  private readonly columns: number[] = [];
  private readonly kinds: number[] = [];
  private flowDepth = 0;
  /** The quote character of a quoted scalar that goes on past the line's end, else 0. */
  private quote = 0;
  /** Lines indented more than this belong to a `|` or `>` scalar; -2 when there is none. */
  private blockScalarParent = -2;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly max: number,
  ) {}

  run(): number | undefined {
    try {
      this.lines();
      return undefined;
    } catch (error) {
      if (error instanceof TooDeep) return error.offset;
      throw error;
    }
  }

  private lines(): void {
    const { text } = this;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      this.line(start, end);
      start = end + 1;
    }
  }

  private line(start: number, end: number): void {
    const { text } = this;
    this.lineStart = start;
    let p = start;
    while (text.charCodeAt(p) === SPACE) p++;
    const indent = p - start;
    const blank = p >= end || isLineEnd(text.charCodeAt(p));
    if (this.blockScalarParent > -2) {
      if (blank || indent > this.blockScalarParent) return;
      this.blockScalarParent = -2;
    }
    if (this.quote !== 0 || this.flowDepth > 0) {
      this.flow(p, end);
      return;
    }
    if (blank || text.charCodeAt(p) === HASH) return;
    while (this.columns.length > 0 && this.columns[this.columns.length - 1]! > indent) {
      this.close();
    }
    this.block(p, end);
  }

  /** A line's content in block context, from its first node. */
  private block(from: number, end: number): void {
    const { text } = this;
    let p = from;
    for (;;) {
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p >= end) return;
      const c = text.charCodeAt(p);
      const next = p + 1 < end ? text.charCodeAt(p + 1) : LF;
      const indicator = isBlank(next);
      if (c === HASH) return;
      if ((c === DASH || c === QUESTION) && indicator) {
        this.open(p - this.lineStart, c === DASH ? SEQUENCE : MAP, p);
        p++;
      } else if (c === COLON && indicator) {
        p++;
      } else if (c === AMPERSAND || c === BANG) {
        while (p < end && !isBlank(text.charCodeAt(p))) p++;
      } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
        this.flow(p, end);
        return;
      } else if (c === PIPE || c === GREATER_THAN) {
        this.blockScalarParent =
          this.columns.length > 0 ? this.columns[this.columns.length - 1]! : -1;
        return;
      } else {
        const keyEnd = this.scalarThenKey(p, end);
        if (keyEnd < 0) return;
        this.open(p - this.lineStart, MAP, p);
        p = keyEnd;
      }
    }
  }

  /**
   * Skips the scalar at `from`; when a `: ` follows it on the line (it is a key), returns the
   * offset after the colon, else -1.
   */
  private scalarThenKey(from: number, end: number): number {
    const { text } = this;
    const c = text.charCodeAt(from);
    let p = from;
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      p = this.quoted(from + 1, end, c);
      if (p < 0) return -1;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      return text.charCodeAt(p) === COLON && isBlank(p + 1 < end ? text.charCodeAt(p + 1) : LF)
        ? p + 1
        : -1;
    }
    for (; p < end; p++) {
      const d = text.charCodeAt(p);
      if (d === COLON && isBlank(p + 1 < end ? text.charCodeAt(p + 1) : LF)) return p + 1;
      if (d === HASH && isBlank(text.charCodeAt(p - 1))) return -1;
    }
    return -1;
  }

  /**
   * Skips a quoted scalar from just after its opening quote; returns the offset after the
   * closing quote, or -1 (remembering the quote) when it goes on past the line.
   */
  private quoted(from: number, end: number, quote: number): number {
    const { text } = this;
    for (let p = from; p < end; p++) {
      const c = text.charCodeAt(p);
      if (quote === DOUBLE_QUOTE && c === BACKSLASH) p++;
      else if (c === quote) {
        if (quote === SINGLE_QUOTE && text.charCodeAt(p + 1) === SINGLE_QUOTE) p++;
        else {
          this.quote = 0;
          return p + 1;
        }
      }
    }
    this.quote = quote;
    return -1;
  }

  /** Flow context (inside `[` or `{`, or a quoted scalar going on), until the line ends. */
  private flow(from: number, end: number): void {
    const { text } = this;
    let p = from;
    if (this.quote !== 0) {
      p = this.quoted(p, end, this.quote);
      if (p < 0) return;
    }
    let tokenStart = true;
    while (p < end) {
      const c = text.charCodeAt(p);
      if (c === OPEN_BRACKET || c === OPEN_BRACE) {
        this.flowDepth++;
        if (this.columns.length + this.flowDepth > this.max) throw new TooDeep(p);
        tokenStart = true;
      } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
        if (this.flowDepth > 0) this.flowDepth--;
        tokenStart = false;
      } else if ((c === SINGLE_QUOTE || c === DOUBLE_QUOTE) && tokenStart) {
        p = this.quoted(p + 1, end, c);
        if (p < 0) return;
        tokenStart = false;
        continue;
      } else if (c === HASH && tokenStart) {
        return;
      } else {
        tokenStart = c === COMMA || c === COLON || isBlank(c);
      }
      p++;
    }
  }

  /** A block collection at `column`: the open one when it is the same, else a new level. */
  private open(column: number, kind: number, offset: number): void {
    const { columns, kinds } = this;
    let top = columns.length - 1;
    if (top >= 0 && columns[top] === column) {
      if (kinds[top] === kind) return;
      // A map's list may sit at the map's own column; a map there ends that list.
      if (kinds[top] === SEQUENCE) {
        this.close();
        top--;
        if (top >= 0 && columns[top] === column && kinds[top] === kind) return;
      }
    }
    columns.push(column);
    kinds.push(kind);
    if (columns.length > this.max) throw new TooDeep(offset);
  }

  private close(): void {
    this.columns.pop();
    this.kinds.pop();
  }
}

/** A space, a tab or the end of a line: what must follow `-`, `?` and `:` as indicators. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

function isLineEnd(c: number): boolean {
  return c === LF || c === CR;
}

import { NON_STRING_FIRST_CHARS, resolveCoreScalar, STRING } from './core-scalars.ts';
import { MAX_NESTING_DEPTH } from './limits.ts';

/**
 * Reads the YAML that workflows are written in — block maps and lists, one-line flow
 * collections, plain and one-line quoted scalars, `|` and `>` block scalars, comments —
 * straight to plain data, with exactly the values `yaml`'s `parseDocument(text).toJS()` gives;
 * undefined for anything else.
 *
 * js-yaml builds an event per node before building the values; on a 50,000-step file those
 * events and the garbage they leave were most of validation's time. This reader makes each
 * value once, in one pass over the text. It steps aside (undefined) at the first thing it does
 * not handle, and the caller falls back to js-yaml: multi-line plain and quoted scalars and
 * flow collections, anchors, aliases, tags, directives, document markers, complex or repeated
 * keys, tabs, carriage returns and unusual characters, and anything malformed, and nesting
 * deeper than MAX_NESTING_DEPTH (which the caller then reports, with a scan that finds where).
 */
export function readSimpleYaml(text: string): { value: unknown } | undefined {
  if (UNHANDLED_CHARACTER.test(text)) return undefined;
  try {
    return { value: new SimpleYamlReader(text).document() };
  } catch (error) {
    // too deep to read recursively: the full readers report it, with a position
    if (error === STEP_ASIDE || error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * Control characters (tabs and CR included), C1 controls, surrogates and the byte-order mark:
 * where YAML's rules on them are subtle, js-yaml and `yaml` decide.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNHANDLED_CHARACTER = /[\x00-\x09\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;

/** Thrown (never out of this module) when the text needs a full YAML reader. */
const STEP_ASIDE = new Error('not simple YAML');

const LF = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DOT = 46;
const COMMA = 44;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;
const BACKSLASH = 92;
const PIPE = 124;
const PLUS = 43;
const GREATER_THAN = 62;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** YAML limits an implicit key to 1024 characters. */
const MAX_KEY_LENGTH = 1000;

/** What a character (below 128) can do in a scalar, as bits: a table beats Set lookups. */
const MAY_NOT_BE_STRING = 1;
const NOT_PLAIN_START = 2;
const FLOW_END = 4;
const CHARACTER = new Uint8Array(128);
for (const c of NON_STRING_FIRST_CHARS) if (c !== '') CHARACTER[code(c)]! |= MAY_NOT_BE_STRING;
// `-`, `?` and `:` may start a plain scalar when no space follows: checked apart.
for (const c of ',[]{}#&*!|>\'"%@`') CHARACTER[code(c)]! |= NOT_PLAIN_START;
for (const c of ',[]{}') CHARACTER[code(c)]! |= FLOW_END;

function is(c: number, kind: number): boolean {
  return c < 128 && (CHARACTER[c]! & kind) !== 0;
}

function code(char: string): number {
  return char.charCodeAt(0);
}

function stepAside(): never {
  throw STEP_ASIDE;
}

class SimpleYamlReader {
  private pos = 0;
  /** Indentation of the line `pos` is on, -1 at the end of the text. */
  private indent = 0;
  private lineStart = 0;
  /** Plain scalars already resolved: `noop`, `true` and the like repeat on every step. */
  private readonly resolved = new Map<string, unknown>();
  /** Collections open around `pos`: counted here, so valid workflows need no depth scan. */
  private depth = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    this.toContentLine(0);
    if (this.indent !== 0) stepAside();
    const value = this.isSequenceEntry() ? this.blockSequence(0) : this.blockMap(0);
    return this.pos === this.text.length ? value : stepAside();
  }

  /**
   * Moves to the first character of the next line with content, from the start of a line
   * (blank and comment-only lines are skipped), and records its indentation.
   */
  private toContentLine(from: number): void {
    const { text } = this;
    let p = from;
    for (;;) {
      let q = p;
      while (text.charCodeAt(q) === SPACE) q++;
      if (q >= text.length) {
        this.pos = text.length;
        this.indent = -1;
        return;
      }
      const c = text.charCodeAt(q);
      if (c === LF || c === HASH) {
        const end = text.indexOf('\n', q);
        if (end < 0) {
          this.pos = text.length;
          this.indent = -1;
          return;
        }
        p = end + 1;
        continue;
      }
      if (q === p && (c === DASH || c === DOT) && this.isDocumentMarker(q)) stepAside();
      this.lineStart = p;
      this.indent = q - p;
      this.pos = q;
      return;
    }
  }

  private isDocumentMarker(at: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (text.charCodeAt(at + 1) !== c || text.charCodeAt(at + 2) !== c) return false;
    return this.isBlankOrEnd(at + 3);
  }

  /** True at a space, a line feed or the end of the text. */
  private isBlankOrEnd(at: number): boolean {
    if (at >= this.text.length) return true;
    const c = this.text.charCodeAt(at);
    return c === SPACE || c === LF;
  }

  private isSequenceEntry(): boolean {
    return this.text.charCodeAt(this.pos) === DASH && this.isBlankOrEnd(this.pos + 1);
  }

  /** After a value on a line: only spaces and a comment may follow; then the next line. */
  private endLine(): void {
    const { text } = this;
    let p = this.pos;
    while (text.charCodeAt(p) === SPACE) p++;
    if (p < text.length) {
      const c = text.charCodeAt(p);
      if (c === HASH && p > this.pos) {
        const end = text.indexOf('\n', p);
        p = end < 0 ? text.length : end;
      } else if (c !== LF) stepAside();
    }
    this.toContentLine(p + 1);
  }

  /** A block map whose keys sit at column `indent`; `pos` is at its first key. */
  private blockMap(indent: number, firstKey?: string): Record<string, unknown> {
    this.enter();
    const map: Record<string, unknown> = {};
    let key = firstKey ?? this.blockKey();
    for (;;) {
      setKey(map, key, this.valueAfterIndicator(indent, true));
      if (this.indent < indent) return this.leave(map);
      if (this.indent > indent) stepAside();
      key = this.blockKey();
    }
  }

  /** A block sequence whose dashes sit at column `indent`; `pos` is at its first dash. */
  private blockSequence(indent: number): unknown[] {
    this.enter();
    const list: unknown[] = [];
    for (;;) {
      this.pos++;
      list.push(this.valueAfterIndicator(indent, false));
      if (this.indent < indent) return this.leave(list);
      if (this.indent > indent || !this.isSequenceEntry()) {
        // A key at the dashes' column belongs to the map that holds this list.
        if (this.indent === indent) return this.leave(list);
        stepAside();
      }
    }
  }

  /** A key of a block map and its `:`, which must be followed by a space or the line's end. */
  private blockKey(): string {
    const key = this.scalarKey(this.inlineScalar());
    if (key === undefined) stepAside();
    return key;
  }

  /**
   * The value after a map's `:` or a sequence's `-`, on the same line or on the lines below;
   * leaves `pos` on the next line with content.
   */
  private valueAfterIndicator(parentIndent: number, inMap: boolean): unknown {
    const { text } = this;
    while (text.charCodeAt(this.pos) === SPACE) this.pos++;
    const c = this.pos < text.length ? text.charCodeAt(this.pos) : LF;
    if (c === LF || c === HASH) {
      // Both indicators need a space after them, so a `#` here always starts a comment.
      const end = c === HASH ? text.indexOf('\n', this.pos) : this.pos;
      this.toContentLine(end < 0 ? text.length : end + 1);
      if (this.indent > parentIndent) {
        return this.isSequenceEntry()
          ? this.blockSequence(this.indent)
          : this.blockMap(this.indent);
      }
      if (inMap && this.indent === parentIndent && this.isSequenceEntry()) {
        return this.blockSequence(parentIndent);
      }
      return null;
    }
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      const value = this.flowCollection();
      this.endLine();
      return value;
    }
    if (c === PIPE || c === GREATER_THAN) return this.blockScalar(parentIndent);
    const column = this.pos - this.lineStart;
    if (!inMap && this.isSequenceEntry()) return this.blockSequence(column);
    const scalar = this.inlineScalar();
    const key = this.scalarKey(scalar);
    if (key === undefined) {
      this.endLine();
      return scalar.value;
    }
    // `- id: a` opens a map whose keys sit where its first key does.
    if (inMap) stepAside();
    return this.blockMap(column, key);
  }

  /**
   * A block scalar — literal (`|`: a shell script, say) or folded (`>`: a long description),
   * with `-` or `+` chomping — whose lines sit deeper than `parentIndent`; leaves `pos` on the
   * next line with content. Steps aside where YAML's rules get subtle: an explicit
   * indentation, an empty scalar, lines of spaces deeper than the text, more-indented lines in
   * a folded scalar, and a last line without a line break.
   */
  private blockScalar(parentIndent: number): string {
    const { text } = this;
    const folded = text.charCodeAt(this.pos) === GREATER_THAN;
    let p = this.pos + 1;
    const chomping = text.charCodeAt(p);
    if (chomping === DASH || chomping === PLUS) p++;
    const afterHeader = p;
    while (text.charCodeAt(p) === SPACE) p++;
    if (text.charCodeAt(p) === HASH && p > afterHeader) p = text.indexOf('\n', p);
    if (p < 0 || text.charCodeAt(p) !== LF) stepAside();

    let value = '';
    /** Line breaks of the blank lines since the last line of text. */
    let breaks = '';
    let indent = -1;
    let deepestLeadingBlank = 0;
    let lineStart = p + 1;
    while (lineStart < text.length) {
      let q = lineStart;
      while (text.charCodeAt(q) === SPACE) q++;
      const spaces = q - lineStart;
      if (q >= text.length) stepAside();
      if (text.charCodeAt(q) === LF) {
        if (indent < 0) deepestLeadingBlank = Math.max(deepestLeadingBlank, spaces);
        else if (spaces > indent) stepAside();
        breaks += '\n';
        lineStart = q + 1;
        continue;
      }
      const first = indent < 0;
      if (first) {
        if (spaces <= parentIndent || deepestLeadingBlank > spaces) stepAside();
        indent = spaces;
      }
      if (spaces < indent) break;
      if (folded && spaces > indent) stepAside();
      const end = text.indexOf('\n', q);
      if (end < 0) stepAside();
      const line = text.slice(lineStart + indent, end);
      if (!folded) value += `${breaks}${line}\n`;
      // Folding: neighbouring lines join with a space; n blank lines between them become n breaks.
      else value += first || breaks !== '' ? `${breaks}${line}` : ` ${line}`;
      breaks = '';
      lineStart = end + 1;
    }
    if (indent < 0) stepAside();
    this.toContentLine(lineStart);
    if (folded) value += '\n';
    if (chomping === DASH) return value.slice(0, -1);
    return chomping === PLUS ? value + breaks : value;
  }

  /** When `:` and a space (or the line's end) follow the scalar just read: its key text. */
  private scalarKey(scalar: Scalar): string | undefined {
    const { text, pos } = this;
    if (text.charCodeAt(pos) !== COLON || !this.isBlankOrEnd(pos + 1)) return undefined;
    if (scalar.length > MAX_KEY_LENGTH) stepAside();
    this.pos = pos + 1;
    const { value } = scalar;
    return value === null ? '' : String(value);
  }

  private readonly scalar: Scalar = { value: null, length: 0 };

  /** A one-line quoted or plain scalar in block context, read into `this.scalar`. */
  private inlineScalar(): Scalar {
    const { text } = this;
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      this.scalar.value = c === SINGLE_QUOTE ? this.singleQuoted() : this.doubleQuoted();
    } else {
      this.checkPlainStart(c, false);
      let end = start;
      for (let p = start + 1; p < text.length; p++) {
        const d = text.charCodeAt(p);
        if (d === LF) break;
        if (d === COLON && this.isBlankOrEnd(p + 1)) break;
        if (d === HASH && text.charCodeAt(p - 1) === SPACE) break;
        if (d !== SPACE) end = p;
      }
      this.pos = end + 1;
      this.scalar.value = this.plain(text.slice(start, end + 1));
    }
    this.scalar.length = this.pos - start;
    return this.scalar;
  }

  private checkPlainStart(c: number, inFlow: boolean): void {
    if (is(c, NOT_PLAIN_START)) stepAside();
    if (c === DASH || c === COLON || c === 63 /* ? */) {
      const next = this.text.charCodeAt(this.pos + 1);
      if (this.isBlankOrEnd(this.pos + 1) || (inFlow && is(next, FLOW_END))) stepAside();
    }
  }

  private plain(source: string): unknown {
    if (!is(source.charCodeAt(0), MAY_NOT_BE_STRING)) return source;
    let value = this.resolved.get(source);
    if (value === undefined) {
      value = resolveCoreScalar(source);
      if (value === STRING) value = source;
      this.resolved.set(source, value);
    }
    return value;
  }

  /** `'it''s'`, on one line. */
  private singleQuoted(): string {
    const { text } = this;
    let value = '';
    let from = this.pos + 1;
    for (;;) {
      const quote = text.indexOf("'", from);
      const newline = text.indexOf('\n', from);
      if (quote < 0 || (newline >= 0 && newline < quote)) stepAside();
      value += text.slice(from, quote);
      if (text.charCodeAt(quote + 1) !== SINGLE_QUOTE) {
        this.pos = quote + 1;
        return value;
      }
      value += "'";
      from = quote + 2;
    }
  }

  /** `"..."` on one line; escapes only as JSON has them, which mean the same in YAML. */
  private doubleQuoted(): string {
    const { text } = this;
    const start = this.pos;
    let escaped = false;
    for (let p = start + 1; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c === LF) break;
      if (c === BACKSLASH) {
        escaped = true;
        p++;
      } else if (c === DOUBLE_QUOTE) {
        this.pos = p + 1;
        if (!escaped) return text.slice(start + 1, p);
        try {
          return JSON.parse(text.slice(start, p + 1)) as string;
        } catch {
          return stepAside();
        }
      }
    }
    return stepAside();
  }

  private enter(): void {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) stepAside();
  }

  private leave<T>(collection: T): T {
    this.depth--;
    return collection;
  }

  /** `[...]` or `{...}` on one line, from `pos`. */
  private flowCollection(): unknown {
    this.enter();
    const { text } = this;
    const isList = text.charCodeAt(this.pos) === OPEN_BRACKET;
    const close = isList ? CLOSE_BRACKET : CLOSE_BRACE;
    const collection: unknown[] | Record<string, unknown> = isList ? [] : {};
    this.pos++;
    this.skipFlowSpaces();
    while (text.charCodeAt(this.pos) !== close) {
      if (isList) (collection as unknown[]).push(this.flowNode());
      else {
        const key = this.flowNode(true);
        if (typeof key === 'object' && key !== null) stepAside();
        if (text.charCodeAt(this.pos) !== COLON) stepAside();
        this.pos++;
        const next = text.charCodeAt(this.pos);
        if (next !== SPACE && next !== COMMA && next !== close) stepAside();
        this.skipFlowSpaces();
        const c = text.charCodeAt(this.pos);
        const value = c === COMMA || c === close ? null : this.flowNode();
        setKey(collection as Record<string, unknown>, key === null ? '' : String(key), value);
      }
      this.skipFlowSpaces();
      const c = text.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
        this.skipFlowSpaces();
      } else if (c !== close) stepAside();
    }
    this.pos++;
    return this.leave(collection);
  }

  private skipFlowSpaces(): void {
    const { text } = this;
    while (text.charCodeAt(this.pos) === SPACE) this.pos++;
    // A comment or a line break inside a flow collection: left to the full readers.
    const c = text.charCodeAt(this.pos);
    if (c === LF || c === HASH || this.pos >= text.length) stepAside();
  }

  /** A value inside a flow collection; `asKey` lets a plain scalar end at `:`. */
  private flowNode(asKey = false): unknown {
    const { text } = this;
    const c = text.charCodeAt(this.pos);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) return this.flowCollection();
    if (c === SINGLE_QUOTE) return this.singleQuoted();
    if (c === DOUBLE_QUOTE) return this.doubleQuoted();
    this.checkPlainStart(c, true);
    const start = this.pos;
    let end = start;
    let p = start + 1;
    for (; p < text.length; p++) {
      const d = text.charCodeAt(p);
      if (d === LF || is(d, FLOW_END)) break;
      if (d === COLON) {
        if (asKey) break;
        stepAside();
      }
      if (d === HASH && text.charCodeAt(p - 1) === SPACE) stepAside();
      if (d !== SPACE) end = p;
    }
    this.pos = end + 1;
    const value = this.plain(text.slice(start, end + 1));
    // `[a: 1]` is a one-pair map in YAML; not handled here.
    if (!asKey && text.charCodeAt(this.pos) === COLON) stepAside();
    return value;
  }
}

interface Scalar {
  value: unknown;
  /** Characters it spans in the source, quotes included. */
  length: number;
}

/** A key as `yaml`'s toJS sets it: `__proto__` as an own property; a repeat steps aside. */
function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  // Values are never undefined, so an own key always reads as something.
  if (map[key] !== undefined && Object.hasOwn(map, key)) stepAside();
  if (key === '__proto__') {
    Object.defineProperty(map, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else map[key] = value;
}

import {
  defineMappingTag,
  defineScalarTag,
  load,
  NOT_RESOLVED,
  Schema as ReaderSchema,
  seqTag,
  strTag,
} from 'js-yaml';
import { NON_STRING_FIRST_CHARS, resolveCoreScalar, STRING } from './core-scalars.ts';
import { MAX_NESTING_DEPTH } from './limits.ts';
import { findExcessNesting } from './nesting-depth.ts';
import { readSimpleYaml } from './simple-yaml.ts';

/**
 * The value; or `tooDeepAt`, the offset where the text nests deeper than MAX_NESTING_DEPTH;
 * or undefined: the full reader decides (the depth is then known to be within the limit).
 */
export type PlainRead = { value: unknown } | { tooDeepAt: number } | undefined;

/**
 * Reads YAML text to plain data quickly, with exactly the values `yaml`'s
 * `parseDocument(text).toJS()` gives, or returns undefined.
 *
 * The `yaml` package builds a document with every node's position, which validation needs
 * only to say where a problem is; on a 10,000-step file that costs most of the time. So a
 * workflow is first read without positions and checked; only when something is wrong does the
 * caller read it again with `yaml` to locate the problems. The common styles are read by
 * `readSimpleYaml` in one pass; whatever it steps aside for goes to js-yaml's event parser.
 *
 * Where the two could disagree this returns undefined and the caller takes the `yaml` path:
 * aliases (the alias-bomb limits live there), explicit tags other than !!str, !!seq and
 * !!map, directives, non-scalar or repeated keys, and anything js-yaml refuses. Plain scalars
 * resolve through `yaml`'s own core-schema tags, so `010`, `0x1F`, `.inf`, `~` and `True`
 * mean the same on both paths.
 *
 * Every reader but `readSimpleYaml` (which counts levels as it reads) recurses once per level
 * and overflows the stack on thousands; so whatever it steps aside for is first scanned for
 * depth, which costs valid workflows in the common styles nothing.
 */
export function readPlainYaml(text: string): PlainRead {
  // A directive (%YAML 1.1) changes the schema; leave it to the full reader.
  const directive = DIRECTIVE.test(text);
  const simple = directive ? undefined : readSimpleYaml(text);
  if (simple !== undefined) return simple;
  const tooDeepAt = findExcessNesting(text, MAX_NESTING_DEPTH);
  if (tooDeepAt !== undefined) return { tooDeepAt };
  if (directive) return undefined;
  try {
    return { value: load(text, { schema: READER_SCHEMA, maxAliases: 0 }) };
  } catch {
    return undefined;
  }
}

const DIRECTIVE = /^%/m;

const coreScalar = defineScalarTag<unknown>('tag:arcflow.dev,2026:core-plain-scalar', {
  implicit: true,
  implicitFirstChars: NON_STRING_FIRST_CHARS,
  resolve: (source, isExplicit) => {
    if (isExplicit) return NOT_RESOLVED;
    const value = resolveCoreScalar(source);
    return value === STRING ? NOT_RESOLVED : value;
  },
  identify: () => false,
});

interface PlainMap {
  readonly value: Record<string, unknown>;
  /** The keys as strings: a key `yaml` would call a duplicate always repeats its string. */
  readonly keys: Set<string>;
}

const keyText = (key: unknown) => (key === null ? '' : String(key));

/**
 * A map as `yaml`'s toJS makes it: scalar keys as strings (null as ""), `__proto__` as an
 * own property. Keys that are not scalars, repeat, or turn into the same string are refused.
 */
const plainMap = defineMappingTag<PlainMap, Record<string, unknown>>('tag:yaml.org,2002:map', {
  create: () => ({ value: {}, keys: new Set() }),
  addPair: (map, key, value) => {
    if (typeof key === 'object' && key !== null) return 'a key that is not a scalar';
    const text = keyText(key);
    if (map.keys.has(text)) return `a repeated key ${JSON.stringify(text)}`;
    map.keys.add(text);
    if (text === '__proto__') {
      Object.defineProperty(map.value, text, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else map.value[text] = value;
    return '';
  },
  has: (map, key) => map.keys.has(keyText(key)),
  keys: (value) => Object.keys(value),
  get: (value, key) => value[String(key)],
  finalize: (map) => map.value,
  identify: () => false,
});

const READER_SCHEMA = new ReaderSchema([strTag, seqTag, plainMap, coreScalar]);

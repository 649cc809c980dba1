import { isScalar, type ScalarTag, Schema } from 'yaml';

/** The core schema's scalar tags as `yaml` tries them on a plain scalar, in its order. */
const CORE_SCALARS = new Schema({ schema: 'core' }).tags.filter(
  (tag): tag is ScalarTag => tag.default === true && 'test' in tag && tag.test !== undefined,
);

/** Every core-schema scalar but a string starts with one of these (or is empty). */
export const NON_STRING_FIRST_CHARS = [
  '',
  '~',
  'n',
  'N',
  't',
  'T',
  'f',
  'F',
  '+',
  '-',
  '.',
  ...'0123456789',
];

/** Means "a string after all": `resolveCoreScalar` found no other type for the text. */
export const STRING = Symbol('string');

/**
 * What `yaml`'s core schema makes of a plain (unquoted) scalar: null, a boolean, a number,
 * or `STRING` when the text stays a string. Shared by both quick readers so that `010`,
 * `0x1F`, `.inf`, `~` and `True` mean the same as on the full reader's path.
 */
export function resolveCoreScalar(source: string): unknown {
  for (const tag of CORE_SCALARS) {
    if (!tag.test!.test(source)) continue;
    let failed = false;
    const value = tag.resolve(source, () => (failed = true), {});
    if (failed) return STRING;
    return isScalar(value) ? value.value : value;
  }
  return STRING;
}

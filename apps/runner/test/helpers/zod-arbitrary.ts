import fc from 'fast-check';

/**
 * Inputs shaped like a zod schema, with hostile leaves: each string, number and key is drawn
 * from `leaves`, and any node may be swapped for a value of the wrong type. Reads zod 4's
 * definitions (`_zod.def`); a kind it does not know becomes any JSON value.
 */
export interface Leaves {
  string: fc.Arbitrary<string>;
  number: fc.Arbitrary<number>;
  json: fc.Arbitrary<unknown>;
}

interface ZodLike {
  _zod: { def: ZodDef };
}

interface ZodDef {
  type: string;
  shape?: Record<string, ZodLike>;
  innerType?: ZodLike;
  element?: ZodLike;
  keyType?: ZodLike;
  valueType?: ZodLike;
  options?: ZodLike[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  in?: ZodLike;
}

const isZod = (value: unknown): value is ZodLike =>
  typeof value === 'object' && value !== null && '_zod' in value;

export function arbitraryOf(schema: unknown, leaves: Leaves, depth = 0): fc.Arbitrary<unknown> {
  if (!isZod(schema) || depth > 6) return leaves.json;
  const shaped = shapedBy(schema._zod.def, leaves, depth);
  // Mostly the right shape, sometimes the wrong type at this very node.
  return fc.oneof({ arbitrary: shaped, weight: 5 }, { arbitrary: leaves.json, weight: 1 });
}

function shapedBy(def: ZodDef, leaves: Leaves, depth: number): fc.Arbitrary<unknown> {
  const inner = (schema: ZodLike | undefined) => arbitraryOf(schema, leaves, depth + 1);
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {};
      const fields = Object.fromEntries(Object.entries(shape).map(([key, s]) => [key, inner(s)]));
      const known = fc.record(fields, { requiredKeys: [] });
      // An unknown key now and then (`.strict()` objects must refuse it cleanly).
      return fc.oneof(
        { arbitrary: known, weight: 4 },
        {
          arbitrary: fc
            .tuple(known, leaves.string, leaves.json)
            .map(([value, key, extra]) => ({ ...value, [key]: extra })),
          weight: 1,
        },
      );
    }
    case 'string':
      return leaves.string;
    case 'number':
    case 'int':
    case 'bigint':
      return leaves.number;
    case 'boolean':
      return fc.boolean();
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return fc.oneof(inner(def.innerType), fc.constant(undefined), fc.constant(null));
    case 'pipe':
      return inner(def.in);
    case 'array':
      return fc.array(inner(def.element), { maxLength: 5 });
    case 'record':
      return fc.dictionary(leaves.string, inner(def.valueType), { maxKeys: 5 });
    case 'union':
      return fc.oneof(...(def.options ?? []).map(inner));
    case 'enum':
      return fc.oneof(fc.constantFrom(...Object.values(def.entries ?? { x: 'x' })), leaves.string);
    case 'literal':
      return fc.oneof(fc.constantFrom(...(def.values ?? [null])), leaves.string);
    default:
      return leaves.json;
  }
}

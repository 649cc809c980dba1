import { type Alias, type Document, isAlias, isMap, isPair, isSeq } from 'yaml';

export interface ExcessNesting {
  /** Where the limit is passed: the alias that leads there, else the collection itself. */
  offset: number;
  /** The alias's name (`*name`) when following an alias passes the limit. */
  alias?: string;
}

/**
 * The first place where the document's data, with every alias (*name) followed, nests more
 * than `max` collections deep; undefined when it never does. An alias inside the node it names
 * nests endlessly, so it is found too.
 *
 * The text-level scan (`findExcessNesting`) cannot see through aliases: a 40-deep anchor used
 * 40 levels down is 80 deep once loaded. Run after the alias-bomb checks: each node is walked
 * again only from a deeper level than before, so at most `max` times.
 */
export function findExcessAliasNesting(
  doc: Document.Parsed,
  max: number,
): ExcessNesting | undefined {
  const deepestVisit = new Map<unknown, number>();
  const walk = (
    node: unknown,
    depth: number,
    via: Alias | undefined,
  ): ExcessNesting | undefined => {
    if (isAlias(node)) return walk(node.resolve(doc), depth, via ?? node);
    if (!isMap(node) && !isSeq(node)) return undefined;
    const level = depth + 1;
    if (level > max) {
      return via === undefined
        ? { offset: node.range?.[0] ?? 0 }
        : { offset: via.range?.[0] ?? 0, alias: via.source };
    }
    if ((deepestVisit.get(node) ?? 0) >= level) return undefined;
    deepestVisit.set(node, level);
    for (const item of node.items) {
      const found = isPair(item)
        ? (walk(item.key, level, via) ?? walk(item.value, level, via))
        : walk(item, level, via);
      if (found) return found;
    }
    return undefined;
  };
  return walk(doc.contents, 0, undefined);
}

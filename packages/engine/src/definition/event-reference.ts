import { referenceText, type Segment } from '../expressions/ast.ts';
import { EVENT_FIELDS } from '../triggers/event.ts';
import type { Suggester } from './suggest.ts';

/**
 * Checks `event.<field>…` against the fields an event has. `payload` (a generic webhook's
 * body) and `commits` (a list) may be read at any depth. Returns the problem and how many
 * segments of the path it spans, or undefined.
 */
export function eventReferenceProblem(
  path: readonly Segment[],
  suggester: Suggester,
): { message: string; depth: number } | undefined {
  const [first, second] = path;
  if (first === undefined) return undefined;
  const fields = Object.keys(EVENT_FIELDS);
  const name = String(first);
  if (!Object.hasOwn(EVENT_FIELDS, name)) {
    const hint = `an event has ${fields.join(', ')}`;
    return {
      message: `unknown event field ${JSON.stringify(name)}${suggester.tail(name, fields, hint)}`,
      depth: 1,
    };
  }
  const field = EVENT_FIELDS[name as keyof typeof EVENT_FIELDS];
  if (second === undefined || name === 'payload' || name === 'commits') return undefined;
  if (typeof field === 'string') {
    return {
      message: `${referenceText('event', [name])} is a single value; it has no ${JSON.stringify(String(second))}`,
      depth: 2,
    };
  }
  const inner = Object.keys(field);
  const innerName = String(second);
  if (!inner.includes(innerName)) {
    const hint = `fields of ${referenceText('event', [name])}: ${inner.join(', ')}`;
    return {
      message: `unknown field ${JSON.stringify(innerName)} of ${referenceText('event', [name])}${suggester.tail(innerName, inner, hint)}`,
      depth: 2,
    };
  }
  if (path.length > 2) {
    return {
      message: `${referenceText('event', [name, innerName])} is a single value; it has no ${JSON.stringify(String(path[2]))}`,
      depth: 3,
    };
  }
  return undefined;
}

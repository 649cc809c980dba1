import { type Expr, referencesOf } from '../expressions/ast.ts';
import { parseExpression } from '../expressions/parse.ts';
import { hasExpression, scanTemplate } from '../expressions/template.ts';
import { ExpressionError } from '../expressions/types.ts';
import { globProblem } from '../triggers/globs.ts';
import { cronProblem, isKnownTimezone, knownTimezones } from '../triggers/schedule.ts';
import { eventReferenceProblem } from './event-reference.ts';
import type { ReportAt } from './expression-checks.ts';
import type { Locator } from './source.ts';
import { Suggester } from './suggest.ts';

/**
 * What the schema cannot say about `on:` and `concurrency:`: cron syntax, time zones, globs,
 * lists that only exclude, filters that exclude each other, and the group's expression.
 * Read leniently from the raw YAML, so a shape error elsewhere does not hide these.
 */
export function checkTriggers(
  raw: Record<string, unknown>,
  locator: Locator,
  report: ReportAt,
): void {
  const suggester = new Suggester();
  if (isRecord(raw.on)) checkOn(raw.on, locator, report, suggester);
  const group = isRecord(raw.concurrency) ? raw.concurrency.group : raw.concurrency;
  const groupPath = isRecord(raw.concurrency) ? ['concurrency', 'group'] : ['concurrency'];
  if (typeof group === 'string') {
    const inputs = isRecord(raw.inputs) ? Object.keys(raw.inputs) : [];
    checkGroup(group, groupPath, inputs, locator, report, suggester);
  }
}

const FILTERS = {
  push: ['branches', 'tags', 'paths'],
  pull_request: ['branches', 'paths'],
  release: ['tags'],
} as const;

function checkOn(
  on: Record<string, unknown>,
  locator: Locator,
  report: ReportAt,
  suggester: Suggester,
): void {
  for (const [trigger, filters] of Object.entries(FILTERS)) {
    const config = on[trigger];
    if (!isRecord(config)) continue;
    for (const filter of filters) {
      const include = config[filter];
      const ignore = config[`${filter}_ignore`];
      checkPatterns(include, ['on', trigger, filter], locator, report, true);
      checkPatterns(ignore, ['on', trigger, `${filter}_ignore`], locator, report, false);
      if (include !== undefined && ignore !== undefined) {
        const message = `on.${trigger}: use ${filter} or ${filter}_ignore, not both; exclude with "!pattern" inside ${filter}`;
        report('bad-glob', locator.locate(['on', trigger, `${filter}_ignore`], 'key'), message);
      }
    }
  }
  if (Array.isArray(on.schedule)) {
    on.schedule.forEach((entry, index) => {
      if (!isRecord(entry)) return;
      const base = ['on', 'schedule', index];
      if (typeof entry.cron === 'string') {
        const problem = cronProblem(entry.cron);
        if (problem !== undefined) {
          report(
            'bad-cron',
            locator.locate([...base, 'cron']),
            `on.schedule[${index}].cron: ${problem}`,
          );
        }
      }
      if (typeof entry.timezone === 'string' && !isKnownTimezone(entry.timezone)) {
        const hint = 'use an IANA name like Europe/Paris, America/New_York or UTC';
        const message = `on.schedule[${index}].timezone: unknown time zone ${JSON.stringify(entry.timezone)}${suggester.tail(entry.timezone, knownTimezones(), hint)}`;
        report('unknown-timezone', locator.locate([...base, 'timezone']), message);
      }
    });
  }
}

function checkPatterns(
  value: unknown,
  path: (string | number)[],
  locator: Locator,
  report: ReportAt,
  needsInclusion: boolean,
): void {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const label = path.join('.');
  list.forEach((pattern, index) => {
    if (typeof pattern !== 'string') return;
    const at = typeof value === 'string' ? path : [...path, index];
    const problem = globProblem(pattern);
    if (problem !== undefined) report('bad-glob', locator.locate(at), `${label}: ${problem}`);
  });
  const patterns = list.filter((item): item is string => typeof item === 'string');
  if (needsInclusion && patterns.length > 0 && patterns.every((item) => item.startsWith('!'))) {
    const message = `${label}: every pattern starts with "!", so nothing is included; put a pattern that includes first, e.g. "**"`;
    report('bad-glob', locator.locate(path), message);
  }
}

/**
 * The group is decided when the run is queued, before any step: it may read inputs,
 * the workflow's name and the event.
 */
function checkGroup(
  group: string,
  path: string[],
  inputs: string[],
  locator: Locator,
  report: ReportAt,
  suggester: Suggester,
): void {
  if (!hasExpression(group)) return;
  const label = path.join('.');
  const scan = scanTemplate(group);
  if ('error' in scan) {
    report(
      'schema',
      locator.positionInString(path, '${{', 0, scan.start),
      `${label}: ${scan.error}`,
    );
    return;
  }
  let occurrence = 0;
  for (const part of scan.parts) {
    if (part.kind !== 'expression') continue;
    const nth = occurrence++;
    const locate = (inner: number) =>
      locator.positionInString(path, '${{', nth, part.sourceStart + inner);
    let expr: Expr;
    try {
      expr = parseExpression(part.source);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      report('schema', locate(error.index ?? 0), `${label}: ${error.message} in "${part.source}"`);
      continue;
    }
    for (const ref of referencesOf(expr)) {
      const problem = groupReferenceProblem(ref.root, ref.path, inputs, suggester);
      if (problem === undefined) continue;
      const offset = Math.max(0, part.source.indexOf(ref.root));
      report('schema', locate(offset), `${label}: ${problem}`);
    }
  }
}

function groupReferenceProblem(
  root: string,
  path: readonly (string | number)[],
  inputs: string[],
  suggester: Suggester,
): string | undefined {
  switch (root) {
    case 'event':
      return eventReferenceProblem(path, suggester)?.message;
    case 'workflow':
      return path.length === 0 || (path[0] === 'name' && path.length === 1)
        ? undefined
        : 'workflow has only "name"';
    case 'inputs': {
      const name = path[0];
      if (name === undefined || inputs.includes(String(name))) return undefined;
      const hint =
        inputs.length === 0
          ? 'this workflow declares no inputs'
          : `declared inputs: ${inputs.join(', ')}`;
      return `unknown input ${JSON.stringify(String(name))}${suggester.tail(String(name), inputs, hint)}`;
    }
    default:
      return `the group is decided before any step runs: it may read event, inputs and workflow, not ${root}`;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

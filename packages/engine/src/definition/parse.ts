import { type Document, isSeq, parseDocument, visit } from 'yaml';
import type { ActionSpecRegistry } from '../actions/registry.ts';
import type { Diagnostic, DiagnosticCode } from '../diagnostics.ts';
import { findExcessAliasNesting } from './alias-depth.ts';
import { checkNeededArtifacts } from './artifact-checks.ts';
import { checkExpressions, type ReportAt } from './expression-checks.ts';
import { checkFanOut } from './fan-out-checks.ts';
import { fannedOut, fanOutOf } from './fan-out-definition.ts';
import { toInputDefinitions } from './inputs.ts';
import { formatPath } from './issues.ts';
import {
  MAX_ALIAS_EXPANSION,
  MAX_ALIASES,
  MAX_FILE_BYTES,
  MAX_NESTING_DEPTH,
  MAX_STEPS,
  utf8ByteLength,
} from './limits.ts';
import { readPlainYaml } from './plain-yaml.ts';
import type { StepOutput, WorkflowOutput } from './schema.ts';
import { type Locator, type Position, positionInText, SourceLocator } from './source.ts';
import { checkSteps, type Report, type StepInputs, stepLabel } from './step-checks.ts';
import { checkSubWorkflows, type SubWorkflowLookup } from './sub-workflow-checks.ts';
import { checkTriggers } from './trigger-checks.ts';
import { toConcurrencyDefinition, toTriggerDefinitions } from './triggers.ts';
import {
  type ParseResult,
  type StepDefinition,
  SUB_WORKFLOW_ACTION,
  type WorkflowDefinition,
} from './types.ts';
import { parseWorkflowData } from './workflow-data.ts';

export interface ParseOptions {
  /** Shown in every diagnostic; the file is never read here. */
  file: string;
  actions: ActionSpecRegistry;
  /**
   * The secrets `${{ secrets.NAME }}` may name (names only, never values). Without it, as
   * in an editor with no runner, unknown secrets are not reported.
   */
  secretNames?: readonly string[];
  /**
   * Sub-workflows: finds the workflows `uses:` names, to check their inputs and refuse
   * unknown names and cycles. Without it, as in an editor, `uses:` is taken as written.
   */
  workflows?: SubWorkflowLookup;
}

/**
 * Validates a workflow's YAML text and reports every problem at once, each located at the
 * most precise node. `definition` is set only when there is no error.
 */
export function parseWorkflow(text: string, options: ParseOptions): ParseResult {
  const { file } = options;
  const at = (position: Position, code: DiagnosticCode, message: string): Diagnostic => ({
    file,
    ...position,
    code,
    message,
    severity: 'error',
  });
  const bytes = utf8ByteLength(text);
  if (bytes > MAX_FILE_BYTES) {
    const message = `the file is ${bytes} bytes; a workflow file may be at most ${MAX_FILE_BYTES / 1_048_576} MiB (${MAX_FILE_BYTES} bytes)`;
    return { diagnostics: [at({ line: 1, column: 1 }, 'too-large', message)] };
  }
  return readQuickly(text, options, at) ?? readLocated(text, options, at);
}

const TOO_DEEP = `the YAML nests more than ${MAX_NESTING_DEPTH} levels deep here (maps and lists inside each other); a workflow may nest at most ${MAX_NESTING_DEPTH} levels: flatten it`;

type At = (position: Position, code: DiagnosticCode, message: string) => Diagnostic;

/** Thrown by the quick path's locator: a problem was found, so positions are needed. */
class PositionsNeeded extends Error {}

const NO_POSITIONS: Locator = {
  locate: () => {
    throw new PositionsNeeded();
  },
  positionOf: () => {
    throw new PositionsNeeded();
  },
  positionInString: () => {
    throw new PositionsNeeded();
  },
};

/**
 * The common case, a valid workflow, without building a document with positions
 * (`readPlainYaml`). Returns undefined as soon as anything would be reported, and whenever
 * the quick reader steps aside: `readLocated` then gives the full answer. Text nested too
 * deep for the readers is refused here, before `readLocated` could recurse into it.
 */
function readQuickly(text: string, options: ParseOptions, at: At): ParseResult | undefined {
  const read = readPlainYaml(text);
  if (read === undefined) return undefined;
  if ('tooDeepAt' in read) {
    return { diagnostics: [at(positionInText(text, read.tooDeepAt), 'too-deep', TOO_DEEP)] };
  }
  const raw = read.value;
  if (isRecord(raw) && Array.isArray(raw.steps) && raw.steps.length > MAX_STEPS) {
    return tooManySteps(text, raw.steps.length, at);
  }
  try {
    const fail = () => {
      throw new PositionsNeeded();
    };
    const definition = check(raw, options, NO_POSITIONS, fail, fail);
    return definition === undefined ? undefined : { definition, diagnostics: [] };
  } catch (error) {
    if (error instanceof PositionsNeeded) return undefined;
    throw error;
  }
}

/**
 * Refuses a workflow with too many steps without reading it again with positions, when the
 * `steps:` key is plainly written at the start of exactly one line (where the full reader
 * would point); otherwise undefined.
 */
function tooManySteps(text: string, count: number, at: At): ParseResult | undefined {
  const keys = [...text.matchAll(/^steps[ \t]*:/gm)];
  if (keys.length !== 1) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < keys[0]!.index; i = text.indexOf('\n', i + 1)) {
    line++;
  }
  const message = `the workflow has ${count} steps; at most ${MAX_STEPS} are allowed`;
  return { diagnostics: [at({ line, column: 1 }, 'too-many-steps', message)] };
}

/** Reads the document with every node's position and reports every problem where it is. */
function readLocated(text: string, options: ParseOptions, at: At): ParseResult {
  const start = { line: 1, column: 1 };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: false });
  } catch (error) {
    const failure = readFailure(error);
    return { diagnostics: [at(start, failure.code, failure.message)] };
  }
  const locator = new SourceLocator(doc, text);

  // Errors mean the parser guessed at the structure; checking a guess would only add noise.
  if (doc.errors.length > 0) {
    // The depth scan is the guard; should the parser still run out of stack, say the same.
    const overflow = doc.errors.find((error) => STACK_OVERFLOW.test(error.message));
    if (overflow) {
      return {
        diagnostics: [at(locator.positionOf(overflow.pos[0]), 'too-deep', TOO_DEEP)],
      };
    }
    return {
      diagnostics: doc.errors.map((error) =>
        at(locator.positionOf(error.pos[0]), 'yaml-syntax', error.message),
      ),
    };
  }

  const loaded = loadValue(doc);
  if ('diagnostic' in loaded) {
    const position =
      loaded.aliasOffset === undefined ? start : locator.positionOf(loaded.aliasOffset);
    return { diagnostics: [at(position, loaded.diagnostic.code, loaded.diagnostic.message)] };
  }
  const deep = findExcessAliasNesting(doc, MAX_NESTING_DEPTH);
  if (deep !== undefined) {
    const message =
      deep.alias === undefined
        ? TOO_DEEP
        : `the alias *${deep.alias} makes the data nest more than ${MAX_NESTING_DEPTH} levels deep (an alias used inside the node it names nests endlessly); write the value out instead`;
    return { diagnostics: [at(locator.positionOf(deep.offset), 'too-deep', message)] };
  }
  const raw = loaded.value;

  const steps = doc.get('steps', true);
  if (isSeq(steps) && steps.items.length > MAX_STEPS) {
    const message = `the workflow has ${steps.items.length} steps; at most ${MAX_STEPS} are allowed`;
    return { diagnostics: [at(locator.locate(['steps'], 'key'), 'too-many-steps', message)] };
  }

  const diagnostics: Diagnostic[] = [];
  const report: Report = (code, path, message, target = 'value') => {
    diagnostics.push(at(locator.locate(path, target), code, message));
  };
  const definition = check(raw, options, locator, report, (code, position, message) =>
    diagnostics.push(at(position, code, message)),
  );
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  if (diagnostics.length > 0 || definition === undefined) return { diagnostics };
  return { definition, diagnostics };
}

/**
 * Every check on the document's data: the schema, the steps against the action registry,
 * expressions and triggers. Returns the definition when the schema accepts the data (the
 * caller still decides by what was reported).
 */
function check(
  raw: unknown,
  options: ParseOptions,
  locator: Locator,
  report: Report,
  reportAt: ReportAt,
): WorkflowDefinition | undefined {
  const parsed = parseWorkflowData(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportSchemaIssue(issue, raw, report);
  }
  const rawSteps = isRecord(raw) && Array.isArray(raw.steps) ? raw.steps : [];
  const inputs = checkSteps(rawSteps, options.actions, locator, report);
  checkFanOut(rawSteps, report);
  if (isRecord(raw)) {
    checkExpressions(raw, rawSteps, options.actions, locator, reportAt, options.secretNames);
    checkTriggers(raw, locator, reportAt);
    checkSubWorkflows(raw, rawSteps, inputs, options.workflows, locator, report, reportAt);
  }
  if (!parsed.success) return undefined;
  checkNeededArtifacts(parsed.data.steps, report);
  return toDefinition(parsed.data, inputs);
}

type SchemaIssue = Parameters<typeof reportSchemaIssue>[0];

/**
 * The issues of the one union branch whose shape the value has (a map with bad keys or
 * values); undefined when the value fits no branch's shape, or several.
 */
function innerIssues(branches: SchemaIssue[][] | undefined): SchemaIssue[] | undefined {
  const shaped = (branches ?? []).filter(
    (issues) => !issues.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  const [only] = shaped;
  return shaped.length === 1 && only && only.length > 0 ? only : undefined;
}

function reportSchemaIssue(
  issue: {
    code: string;
    path: PropertyKey[];
    message: string;
    keys?: string[];
    issues?: { message: string }[];
    errors?: SchemaIssue[][];
  },
  raw: unknown,
  report: Report,
): void {
  const { path } = issue;
  const inner = issue.code === 'invalid_union' ? innerIssues(issue.errors) : undefined;
  if (inner) {
    // The value has the shape of one alternative (`on:` as a map): its own problems, each
    // where it is, tell more than one message for the whole value.
    for (const nested of inner) {
      reportSchemaIssue({ ...nested, path: [...path, ...nested.path] }, raw, report);
    }
    return;
  }
  if (issue.code === 'invalid_key') {
    // A map key that breaks its pattern (an input name): point at the key, say the rule.
    const rule = issue.issues?.[0]?.message ?? issue.message;
    report('schema', path, `${formatPath(path)}: ${rule}`, 'key');
    return;
  }
  const isStep = path[0] === 'steps' && typeof path[1] === 'number';
  if (isStep && path.length === 3 && path[2] === 'universe') {
    report('unknown-universe', path, issue.message);
    return;
  }
  const unknownKey = issue.code === 'unrecognized_keys' && issue.keys?.[0] !== undefined;
  const target = unknownKey ? [...path, issue.keys![0]!] : path;

  let subject: string;
  if (isStep) {
    const step =
      isRecord(raw) && Array.isArray(raw.steps) ? raw.steps[path[1] as number] : undefined;
    const rest = formatPath(path.slice(2));
    subject = `${stepLabel(step, path[1] as number)}${rest === '' ? '' : `: ${rest}`}`;
  } else {
    subject = formatPath(path);
  }
  const message = subject === '' ? issue.message : `${subject}: ${issue.message}`;
  report('schema', target, message, unknownKey ? 'key' : 'value');
}

type Loaded =
  | { value: unknown }
  | { diagnostic: { code: DiagnosticCode; message: string }; aliasOffset?: number };

/** The document as plain data, refusing alias bombs before they expand. */
function loadValue(doc: Document.Parsed): Loaded {
  let aliases = 0;
  let firstAlias: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      aliases += 1;
      firstAlias ??= node.range?.[0];
    },
  });
  const bomb = (message: string): Loaded => ({
    diagnostic: { code: 'alias-bomb', message },
    aliasOffset: firstAlias,
  });
  if (aliases > MAX_ALIASES) {
    return bomb(`the file uses ${aliases} aliases (*name); at most ${MAX_ALIASES} are allowed`);
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION }) };
  } catch (error) {
    if (aliases > 0 && error instanceof ReferenceError && /alias/i.test(error.message)) {
      return bomb(
        'aliases (*name) expand to too much data, as in a "billion laughs" attack; use fewer nested aliases',
      );
    }
    return { diagnostic: readFailure(error) };
  }
}

const STACK_OVERFLOW = /maximum call stack/i;

/** A reader that threw: out of stack means too deep, whatever the depth scan missed. */
function readFailure(error: unknown): { code: DiagnosticCode; message: string } {
  if (error instanceof RangeError) return { code: 'too-deep', message: TOO_DEEP };
  const reason = error instanceof Error ? error.message : String(error);
  return { code: 'yaml-syntax', message: `the YAML could not be read: ${reason}` };
}

function toDefinition(data: WorkflowOutput, inputs: StepInputs): WorkflowDefinition {
  return {
    name: data.name,
    ...(data.narrative === undefined ? {} : { narrative: data.narrative }),
    ...(data.description === undefined ? {} : { description: data.description }),
    ...(data.max_parallel === undefined ? {} : { maxParallel: data.max_parallel }),
    env: data.env ?? {},
    ...(data.secrets === undefined ? {} : { secrets: data.secrets }),
    ...(data.four_eyes === false ? { fourEyes: false } : {}),
    inputs: toInputDefinitions(data.inputs),
    ...(data.on === undefined ? {} : { on: toTriggerDefinitions(data.on) }),
    ...(data.concurrency === undefined
      ? {}
      : { concurrency: toConcurrencyDefinition(data.concurrency) }),
    ...(data.runs_on === undefined ? {} : { runsOn: [...new Set(data.runs_on)] }),
    ...(data.artifact_retention === undefined
      ? {}
      : { artifactRetentionMs: data.artifact_retention }),
    steps: fannedOut(
      data.steps,
      data.steps.map((step, index) => toStepDefinition(step, inputs[index], data.log_max_bytes)),
    ),
    // Sub-workflows: what a successful run hands to the step that uses it.
    ...(data.outputs === undefined ? {} : { outputs: data.outputs }),
  };
}

/** Built key by key, without spreads or a Set per step: this runs for every step. */
function toStepDefinition(
  step: StepOutput,
  inputs: Record<string, unknown> | undefined,
  workflowLogMaxBytes: number | undefined,
): StepDefinition {
  // The keys in the order they have always had: a definition's JSON (a run's snapshot) keeps it.
  const definition = {
    id: step.id,
    action: step.action ?? SUB_WORKFLOW_ACTION,
    universe: step.universe,
    dependsOn: withoutRepeats(step.depends_on),
  } as StepDefinition;
  // Sub-workflows: the step runs this workflow as a child run.
  if (step.uses !== undefined) definition.uses = step.uses;
  if (step.beat !== undefined) definition.beat = step.beat;
  definition.with = inputs ?? {};
  if (step.timeout !== undefined) definition.timeoutMs = step.timeout;
  definition.retries = step.retries;
  definition.env = step.env ?? {};
  if (step.if !== undefined) definition.if = step.if.trim();
  if (step.runs_on !== undefined) definition.runsOn = [...new Set(step.runs_on)];
  const logMaxBytes = step.log_max_bytes ?? workflowLogMaxBytes;
  if (logMaxBytes !== undefined) definition.logMaxBytes = logMaxBytes;
  const fanOut = fanOutOf(step, definition.dependsOn);
  if (fanOut !== undefined) definition.fanOut = fanOut;
  if (step.cache !== undefined) {
    definition.cache = { inputs: step.cache.inputs };
    if (step.cache.key !== undefined) definition.cache.key = step.cache.key;
  }
  if (step.artifacts !== undefined) definition.artifacts = step.artifacts;
  if (step.needs_artifacts !== undefined)
    definition.needsArtifacts = [...new Set(step.needs_artifacts)];
  return definition;
}

/**
 * `list` with each item once, in first-seen order: `list` itself when nothing repeats (it is
 * the parse's own array, read from the YAML for this step alone).
 */
function withoutRepeats(list: string[] | undefined): string[] {
  if (list === undefined) return [];
  if (list.length <= 8) {
    for (let i = 1; i < list.length; i++) {
      if (list.lastIndexOf(list[i]!, i - 1) >= 0) return [...new Set(list)];
    }
    return list;
  }
  const unique = new Set(list);
  return unique.size === list.length ? list : [...unique];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { readFile } from 'node:fs/promises';
import { StepFailure } from '@arcflow/engine';
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/** A compiled JSON Schema: validates a value and lists every error. */
export type SchemaCheck = (value: unknown) => ErrorObject[];

const OPTIONS: Options = { allErrors: true, strict: false, allowUnionTypes: true };

/** ajv-formats is CommonJS; its default export is the plugin under one loader and `.default` under another. */
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/**
 * Reads a JSON Schema (JSON or YAML) and compiles it with the ajv draft its `$schema` names
 * (2020-12, 2019-09, else draft-07), formats included. A missing or broken schema is a
 * StepFailure that retrying cannot fix.
 */
export async function loadSchema(path: string, shownAs: string): Promise<SchemaCheck> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const message = `the schema file ${shownAs} does not exist or cannot be read`;
    throw new StepFailure(
      { reason: 'error', message, summary: message, retriable: false },
      { cause: error },
    );
  }
  let schema: unknown;
  try {
    schema = parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const message = `the schema file ${shownAs} is not valid JSON or YAML: ${why}`;
    throw new StepFailure(
      { reason: 'error', message, summary: message, retriable: false },
      { cause: error },
    );
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    const message = `the schema file ${shownAs} does not hold a JSON Schema object`;
    throw new StepFailure({ reason: 'error', message, summary: message, retriable: false });
  }
  let validate: ValidateFunction;
  try {
    validate = ajvFor(schema as { $schema?: unknown }).compile(schema);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const message = `the schema file ${shownAs} is not a schema ajv can use: ${why}`;
    throw new StepFailure(
      { reason: 'error', message, summary: message, retriable: false },
      { cause: error },
    );
  }
  return (value) => (validate(value) ? [] : [...(validate.errors ?? [])]);
}

function ajvFor(schema: { $schema?: unknown }): Ajv {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  const ajv = dialect.includes('2020-12')
    ? new Ajv2020(OPTIONS)
    : dialect.includes('2019-09')
      ? new Ajv2019(OPTIONS)
      : new Ajv(OPTIONS);
  return addFormats(ajv);
}

/** ajv's message with what it refers to: `/name must be string`, `/ must have required property 'id'`. */
export function describeError(error: ErrorObject): { message: string; key?: string } {
  const at = error.instancePath === '' ? '/' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return {
      message: `${at} must NOT have the property "${params.additionalProperty}"`,
      key: params.additionalProperty,
    };
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    detail = `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { message: `${at} ${error.message ?? `fails ${error.keyword}`}${detail}` };
}

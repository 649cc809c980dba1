import { RUN_ID_PATTERN } from '@arcflow/db';
import { MAX_FILE_BYTES, RunStatus } from '@arcflow/engine';
import { z } from 'zod';

/** Limits on every input of the API; nothing unbounded reaches the service or the database. */
export const MAX_PAGE_SIZE = 200;
export const MAX_COMMENT_CHARS = 2_000;
/** Events are small: a page of them may be larger, so a long story loads in a few requests. */
export const MAX_EVENT_PAGE_SIZE = 1_000;
/** `runs.get`'s `eventsTail`: the latest events a run's page starts from. */
export const MAX_EVENTS_TAIL = 1_000;

/** A workflow or template name: also its file name, so it can never name another folder. */
export const nameSchema = z
  .string()
  .max(100)
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'use lowercase letters, digits, - and _, starting with a letter or digit',
  );

/** YAML text, at most MAX_FILE_BYTES bytes (checked again in bytes by the engine). */
export const yamlSchema = z.string().max(MAX_FILE_BYTES);

export const runIdSchema = z.string().regex(RUN_ID_PATTERN, 'not a run id');
export const stepIdSchema = z.string().min(1).max(200);
export const pageSizeSchema = z.number().int().min(1).max(MAX_PAGE_SIZE);
export const eventPageSizeSchema = z.number().int().min(1).max(MAX_EVENT_PAGE_SIZE);
export const runStatusSchema = z.enum(RunStatus);

/** The largest PostgreSQL `integer`: seqs, attempts and line numbers are stored as one. */
export const MAX_INT4 = 2_147_483_647;
/** The largest PostgreSQL `bigint`: log line and audit entry ids are stored as one. */
const MAX_INT8 = 9_223_372_036_854_775_807n;

/** Whether `text` is a decimal a `bigint` column holds (ids come as strings: JSON has no int64). */
export const isBigintId = (text: string): boolean =>
  /^\d{1,19}$/.test(text) && BigInt(text) <= MAX_INT8;

/** A `bigint` row id as a decimal string; `refusal` says what it is not ("not a log line id"). */
export const bigintIdSchema = (refusal: string) => z.string().refine(isBigintId, refusal);

/** A log line id, as a decimal string. */
export const logIdSchema = bigintIdSchema('not a log line id');

/** An event's seq (0: from the start). */
export const seqSchema = z.number().int().min(0).max(MAX_INT4);
/** A step's attempt, from 1. */
export const attemptSchema = z.number().int().min(1).max(MAX_INT4);
/** A line number in a step's log, from 0. */
export const lineNumberSchema = z.number().int().min(0).max(MAX_INT4);

export const inputsSchema = z
  .record(z.string().max(100), z.union([z.string().max(10_000), z.number(), z.boolean()]))
  .refine((inputs) => Object.keys(inputs).length <= 100, 'at most 100 inputs');

/** Set by the tRPC client when it resubscribes: the id of the last tracked item it received. */
export const lastEventIdSchema = z.string().max(300).optional();

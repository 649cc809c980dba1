import { Prisma } from './generated/prisma/client.ts';

// Small helpers the stores share for writing JSON columns and bounding page sizes.

export const json = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;

/** `null` stores SQL NULL (not JSON `null`), as the nullable JSON columns expect. */
export const nullableJson = (value: unknown) =>
  value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);

/** A page size: `value` (or `fallback`) as an integer between 1 and `max`. */
export const clamp = (value: number | undefined, fallback: number, max: number) =>
  Math.min(Math.max(Math.trunc(value ?? fallback), 1), max);

// Building blocks of the API schemas: limits and primitive field schemas.
import { z } from 'zod';

// Limits: generous for real use, small enough that a hostile request cannot exhaust memory.
export const MAX_ID = 200;
export const MAX_NAME = 500;
export const MAX_TEXT = 100_000;
export const MAX_NODES = 5_000;
export const MAX_LIST = 10_000;

export const id = z.string().min(1, 'must not be empty').max(MAX_ID);
export const name = z.string().max(MAX_NAME);
export const text = z.string().max(MAX_TEXT);
export const finite = z.number().refine(Number.isFinite, 'must be a finite number');
export const params = z.record(z.string().max(MAX_ID), z.unknown());
export const seedValue = z.int().min(0).max(2 ** 31 - 1);
export const tags = z.array(z.string().max(MAX_ID)).max(100);

/** An optional argument: JSON turns a trailing `undefined` into `null`, so both mean "absent". */
export const opt = <T extends z.ZodType>(s: T) => s.nullish().transform((v) => v ?? undefined);

/**
 * `true` only when A and B are the same type. Each schema file asserts `const _x: Same<z.output<typeof s>, T> = true`,
 * so a field added to a type but not to its schema (or the reverse) fails the type check.
 */
export type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

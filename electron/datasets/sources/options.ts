// Sources' options: schema helpers for the built-in sources (the import sources' schemas are in
// shared/schemas/dataset.ts) and the one place that checks a request's options against its source's schema.
import { z } from 'zod';
import { DatasetError } from '../errors.js';

interface NumberSpec {
  min?: number;
  max?: number;
  integer?: boolean;
  fallback?: number;
}

/**
 * A number option: a number or a numeric string (command lines give strings); absent, null or '' is the fallback.
 * Its message reads after the option's name: "option limit must be an integer in 2.., got \"lots\"".
 */
export const numberOpt = ({ min = -Infinity, max = Infinity, integer = false, fallback }: NumberSpec = {}) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx): number | undefined => {
      if (v === undefined || v === null || v === '') return fallback;
      const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
      if (Number.isFinite(n) && (!integer || Number.isInteger(n)) && n >= min && n <= max) return n;
      const range = `${min === -Infinity ? '' : min}..${max === Infinity ? '' : max}`;
      ctx.addIssue({ code: 'custom', message: `must be ${integer ? 'an integer' : 'a number'} in ${range}, got ${JSON.stringify(v)}`, input: v });
      return z.NEVER;
    });

/** The options of the image benchmarks (MNIST, Fashion-MNIST, their multi-task builds): rows kept and validation share. */
export const imageSetSchema = z.looseObject({
  limit: numberOpt({ min: 2, integer: true }),
  validation: numberOpt({ min: 0, max: 0.9, fallback: 0.1 }),
});
export type ImageSetOptions = z.output<typeof imageSetSchema>;

/** A request's options checked against its source's schema: the parsed options, or a DatasetError naming each fault. */
export function parseOptions<O>(schema: z.ZodType<O>, options: Record<string, unknown>): O {
  const res = schema.safeParse(options);
  if (res.success) return res.data;
  const faults = res.error.issues.slice(0, 10).map((i) => {
    if (i.code === 'unrecognized_keys') return `unknown option${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
    const at = i.path.length ? `option ${i.path.map(String).join('.')}` : 'options';
    return i.code === 'custom' ? `${at} ${i.message}` : `${at}: ${i.message}`;
  });
  throw new DatasetError(faults.join('; '));
}

/** Keeps JSON-safe option values for the dataset's record. */
export function recordable(options: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(options ?? {})) as Record<string, unknown>;
}

// Reading a source's options with clear errors.
import { DatasetError } from '../errors.js';

export function numberOption(
  options: Record<string, unknown>, key: string,
  { min = -Infinity, max = Infinity, integer = false, fallback }: { min?: number; max?: number; integer?: boolean; fallback?: number } = {},
): number | undefined {
  const v = options[key];
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    const range = `${min === -Infinity ? '' : min}..${max === Infinity ? '' : max}`;
    throw new DatasetError(`option ${key} must be ${integer ? 'an integer' : 'a number'} in ${range}, got ${JSON.stringify(v)}`);
  }
  return n;
}

export function stringOption(options: Record<string, unknown>, key: string, required = false): string | undefined {
  const v = options[key];
  if (v === undefined || v === null) {
    if (required) throw new DatasetError(`option ${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || (required && v === '')) throw new DatasetError(`option ${key} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/** Keeps JSON-safe option values for the dataset's record. */
export function recordable(options: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(options ?? {})) as Record<string, unknown>;
}

export function imageSetOptions(options: Record<string, unknown>): { limit?: number; validation: number } {
  return {
    limit: numberOption(options, 'limit', { min: 2, integer: true }),
    validation: numberOption(options, 'validation', { min: 0, max: 0.9, fallback: 0.1 })!,
  };
}

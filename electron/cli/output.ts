// How the CLI prints: tables for people, one JSON document with --json; errors to stderr, non-zero exit.
import type { ApiErrorShape } from '../../shared/api.js';

export class CliError extends Error {
  constructor(
    message: string,
    public code: ApiErrorShape['code'] | 'usage' = 'failed',
  ) {
    super(message);
  }
}

// stdout carries only a command's result (a table, CSV or one JSON document): anything else that writes to
// process.stdout (a library's log line, the training worker's console) goes to stderr instead.
const writeStdout = process.stdout.write.bind(process.stdout);

export function keepStdoutForResults(): void {
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
}

export function out(text: string): void {
  writeStdout(text);
}

export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2) + '\n');
}

export function fmt(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toPrecision(4) : String(v);
  return String(v);
}

/** A plain-text table; `columns` gives header and how to get each cell. */
export function printTable<T>(rows: T[], columns: [string, (r: T) => unknown][]): void {
  const cells = rows.map((r) => columns.map(([, get]) => fmt(get(r))));
  const widths = columns.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((s, i) => s.padEnd(widths[i])).join('  ').trimEnd();
  out(line(columns.map(([h]) => h)) + '\n');
  for (const c of cells) out(line(c) + '\n');
}

/** Prints an error the way the user asked for (text or JSON on stderr) and returns the exit code. */
export function reportError(err: unknown, json: boolean): number {
  const e = err as { code?: string; message?: string };
  const code = typeof e?.code === 'string' ? e.code : 'failed';
  const message = e?.message ?? String(err);
  if (json) process.stderr.write(JSON.stringify({ error: { code, message } }) + '\n');
  else process.stderr.write(`mtl-workbench: ${message}\n`);
  return code === 'usage' ? 2 : 1;
}

/** Parses k=v pairs; values that read as JSON (numbers, booleans, arrays) become those. */
export function parseKeyValues(pairs: string[], what: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new CliError(`${what} ${JSON.stringify(p)}: expected key=value`, 'usage');
    const raw = p.slice(i + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      /* a plain string */
    }
    out[p.slice(0, i)] = value;
  }
  return out;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A whole number ≥ `min` (0 for seeds and ports; 1 where 0 would silently mean "none" or "no cap"). */
export function positiveInt(name: string, min = 0) {
  return (v: string): number => {
    const n = v.trim() === '' ? NaN : Number(v);
    if (!Number.isInteger(n) || n < 0) throw new CliError(`${name}: expected a whole number, got ${JSON.stringify(v)}`, 'usage');
    if (n < min) throw new CliError(`${name}: must be at least ${min}, got ${n}`, 'usage');
    return n;
  };
}

/** A comma-separated list of whole numbers ("1,2,3"); an empty item ("1,,2") is refused, not read as 0. */
export function intList(name: string) {
  return (v: string): number[] =>
    v.split(',').map((x, i) => {
      if (x.trim() === '') throw new CliError(`${name}: item ${i + 1} of ${JSON.stringify(v)} is empty; write the numbers separated by single commas, e.g. 1,2,3`, 'usage');
      return positiveInt(name)(x.trim());
    });
}

export function number(name: string) {
  return (v: string): number => {
    const n = v.trim() === '' ? NaN : Number(v);
    if (!Number.isFinite(n)) throw new CliError(`${name}: expected a number, got ${JSON.stringify(v)}`, 'usage');
    return n;
  };
}

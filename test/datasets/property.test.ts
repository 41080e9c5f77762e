// Property tests: random CSV text never makes the import throw anything but a DatasetError, and
// never hangs; the streaming parser reads back any properly quoted table, however it is chunked.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportRequest } from '../../shared/api.js';
import { CsvParser } from '../../electron/datasets/csv/parse.js';
import { DatasetError } from '../../electron/datasets/errors.js';
import { loadDataset } from '../../electron/datasets/load.js';
import { DatasetManager } from '../../electron/datasets/manager.js';
import { MemoryRepo, snapshot, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const repo = new MemoryRepo();
const manager = new DatasetManager({ dataDir: dir, repo });

const csvChar = fc.constantFrom(',', ';', '\t', '|', '"', "'", '\n', '\r\n', ' ', '?', 'NA', '0', '1', '2', '7.5', '-3', 'e5', 'a', 'b', 'yes', 'no', 'é', '中', '\u0000', '\ufeff');
const cell = fc.oneof(
  fc.constantFrom('', '?', 'NA', 'x', 'y', 'z', 'yes', 'no', '"q, r"', '"say ""hi"""', '"two\nlines"', 'a b c d', '中文 文本'),
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String),
);
/** Table-like text: a header or not, rows of one width, sometimes damaged by one random insertion. */
const tableCase = fc.record({
  cols: fc.integer({ min: 1, max: 4 }),
  header: fc.boolean(),
  cells: fc.array(cell, { minLength: 0, maxLength: 60 }),
  rows: fc.integer({ min: 0, max: 15 }),
  damage: fc.option(fc.tuple(fc.nat(), csvChar), { freq: 3 }),
  delimiter: fc.constantFrom(',', ',', ';', '\t'),
}).map(({ cols, header, cells, rows, damage, delimiter }) => {
  const names = header ? ['a', 'b', 'c', 'd'].slice(0, cols) : Array.from({ length: cols }, (_, i) => `col${i + 1}`);
  const lines: string[] = [];
  if (header) lines.push(names.join(delimiter));
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: cols }, (_, c) => cells.length ? cells[(r * cols + c) % cells.length] : '').join(delimiter));
  let text = lines.join('\n');
  if (damage) {
    const at = damage[0] % (text.length + 1);
    text = text.slice(0, at) + damage[1] + text.slice(at);
  }
  return { bytes: Buffer.from(text, 'utf8'), names };
});
const noise = fc.oneof(
  { weight: 2, arbitrary: fc.array(csvChar, { maxLength: 200 }).map((a) => Buffer.from(a.join(''), 'utf8')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }).map((s) => Buffer.from(s, 'utf8')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
).map((bytes) => ({ bytes, names: ['col1', 'col2', 'a', 'b'] }));
const withKind = (t: string) => fc.oneof(
  { weight: 12, arbitrary: fc.constant(t) },
  { weight: 3, arbitrary: fc.constantFrom(`${t}:regression`, `${t}:binary`, `${t}:multiclass`) },
  { weight: 1, arbitrary: fc.constant(`${t}:bogus`) },
);
/** The file and a request whose tasks are mostly real column names. */
const testCase = fc.oneof({ weight: 3, arbitrary: tableCase }, { weight: 1, arbitrary: noise }).chain(({ bytes, names }) => fc.record({
  bytes: fc.constant(bytes),
  tasks: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...names).chain(withKind).map((t) => [t]) },
    { weight: 1, arbitrary: fc.array(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 4 }) }).chain(withKind), { minLength: 1, maxLength: 2 }) },
  ),
  header: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.boolean() }),
  delimiter: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(',', ';', '\t', '"', '\n', 'ab') }),
  columnTypes: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom({ col1: 'text' as const }, { b: 'numeric' as const }, { c: 'categorical' as const }) }),
}));

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms))]);
}

let k = 0;
export const outcomes = { ok: 0, failed: 0 };

describe('CSV import on random text', () => {
  it('succeeds with consistent data or fails with a DatasetError, promptly, leaving nothing behind', async () => {
    await fc.assert(
      fc.asyncProperty(testCase, async ({ bytes, ...req }) => {
        const p = path.join(dir, `r${k++}.csv`);
        writeFileSync(p, bytes);
        const before = snapshot(path.join(dir, 'datasets'));
        const rowsBefore = repo.list().length;
        const r: ImportRequest = { kind: 'csv', path: p, name: 'r', ...req } as ImportRequest;
        try {
          const info = await withTimeout(manager.import(r), 5000);
          const loaded = await loadDataset(dir, info);
          expect(info.rows).toBeGreaterThan(0);
          for (const t of info.tasks) expect(loaded.labels[t.name].length).toBe(info.rows);
          const n = loaded.splits.train.length + loaded.splits.validation.length + loaded.splits.test.length;
          expect(n).toBe(info.rows);
          expect(repo.list().length).toBe(rowsBefore + 1);
          outcomes.ok++;
        } catch (e) {
          if (!(e instanceof DatasetError)) throw e;
          outcomes.failed++;
          expect(e.message.length).toBeGreaterThan(5);
          expect(snapshot(path.join(dir, 'datasets'))).toEqual(before);
          expect(repo.list().length).toBe(rowsBefore);
        }
      }),
      { numRuns: 200, seed: 20261128 },
    );
    // The generator reaches both sides: imports that succeed and bad input.
    expect(outcomes.ok).toBeGreaterThan(20);
    expect(outcomes.failed).toBeGreaterThan(50);
  });
});

describe('CSV parser', () => {
  const field = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' ', ''));
  it('reads back any quoted table, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (table, cuts, crlf) => {
          const text = table.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join(crlf ? '\r\n' : '\n');
          const got: string[][] = [];
          const parser = new CsvParser(',', '"', (fields) => got.push(fields), 'mem');
          let pos = 0, c = 0;
          while (pos < text.length) {
            const len = cuts[c++ % cuts.length];
            parser.push(text.slice(pos, pos + len));
            pos += len;
          }
          parser.end();
          expect(got).toEqual(table);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

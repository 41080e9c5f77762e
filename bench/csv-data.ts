// CSV import throughput, for the benchmarks (bench/csv-throughput.ts): generates a CSV
// of numeric and categorical columns plus two task columns, imports it, reports rows per second.
import { createWriteStream, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatasetManager } from '../electron/datasets/manager.js';
import { createRng } from '../electron/datasets/rng.js';
import type { DatasetInfo } from '../shared/dataset.js';
import type { DatasetRepo } from '../electron/datasets/types.js';

export interface CsvShape {
  rows: number;
  /** Total columns, including the two task columns. */
  columns: number;
  /** Share of feature columns that are categorical (default 0.25). */
  categoricalShare?: number;
  seed?: number;
}

/** Writes a CSV (streaming, never the whole text in memory); returns its size in bytes. */
export async function generateCsv(file: string, shape: CsvShape): Promise<number> {
  const { rows, columns } = shape;
  const features = Math.max(1, columns - 2);
  const nCat = Math.round(features * (shape.categoricalShare ?? 0.25));
  const rng = createRng(shape.seed ?? 1, 99);
  const colours = ['red', 'green', 'blue', 'black', 'white', 'grey'];
  const header = [
    ...Array.from({ length: features - nCat }, (_, i) => `num${i + 1}`),
    ...Array.from({ length: nCat }, (_, i) => `cat${i + 1}`),
    'label', 'target',
  ].join(',');
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(header + '\n');
  let buf = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    let signal = 0;
    for (let i = 0; i < features - nCat; i++) {
      const v = rng.normal();
      if (i < 3) signal += v;
      line += (rng.next() < 0.01 ? '?' : v.toFixed(4)) + ',';
    }
    for (let i = 0; i < nCat; i++) line += colours[rng.int(colours.length)] + ',';
    const label = rng.next() < 0.02 ? 'NA' : signal > 0 ? 'yes' : 'no';
    line += `${label},${(signal * 2 + rng.normal() * 0.1).toFixed(3)}\n`;
    buf += line;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return (await fsp.stat(file)).size;
}

export interface CsvBenchResult {
  rows: number;
  columns: number;
  bytes: number;
  generateSeconds: number;
  importSeconds: number;
  /** CPU time of this process during the import (user + system): on a busy machine, wall time overstates. */
  importCpuSeconds: number;
  rowsPerSecond: number;
  rowsPerCpuSecond: number;
  megabytesPerSecond: number;
  /** Peak resident set size of this process (MB), as the OS reports it. */
  peakRssMB: number;
  info: DatasetInfo;
}

class NullRepo implements DatasetRepo {
  private rows = new Map<string, DatasetInfo>();
  insert(info: DatasetInfo) { this.rows.set(info.id, info); }
  get(id: string) { return this.rows.get(id); }
  list() { return [...this.rows.values()]; }
  delete(id: string) { this.rows.delete(id); }
}

/** Generates a CSV in a temporary folder, imports it, and removes everything afterwards. */
export async function benchCsvImport(shape: CsvShape & { tmpDir?: string; keep?: boolean }): Promise<CsvBenchResult> {
  const root = await fsp.mkdtemp(path.join(shape.tmpDir ?? os.tmpdir(), 'mtlw-csv-bench-'));
  try {
    const file = path.join(root, 'bench.csv');
    let t = performance.now();
    const bytes = await generateCsv(file, shape);
    const generateSeconds = (performance.now() - t) / 1000;
    const manager = new DatasetManager({ dataDir: path.join(root, 'data'), repo: new NullRepo() });
    t = performance.now();
    const cpu = process.cpuUsage();
    const info = await manager.import({ kind: 'csv', path: file, name: 'bench', tasks: ['label', 'target:regression'] });
    const importSeconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const importCpuSeconds = (used.user + used.system) / 1e6;
    return {
      rows: info.rows,
      columns: shape.columns,
      bytes,
      generateSeconds,
      importSeconds,
      importCpuSeconds,
      rowsPerSecond: info.rows / importSeconds,
      rowsPerCpuSecond: info.rows / importCpuSeconds,
      megabytesPerSecond: bytes / 1e6 / importSeconds,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      info,
    };
  } finally {
    if (!shape.keep) await fsp.rm(root, { recursive: true, force: true });
  }
}

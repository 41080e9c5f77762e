// Shared bits for the store tests: a fresh data folder and a minimal run config.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunConfig } from '../../shared/run.js';
import { openStore } from '../../electron/store/index.js';

export function tmpHome(prefix = 'mtlw-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function runConfig(over: Partial<RunConfig> = {}): RunConfig {
  return {
    name: 'two tasks',
    design: { version: 1, name: 'Hard sharing', nodes: [], edges: [] },
    datasets: ['ds-1'],
    optimizer: { name: 'adam', lr: 0.001 },
    schedule: { kind: 'constant' },
    epochs: 3,
    batchSize: 32,
    weighting: { name: 'ew', params: {} },
    seed: 7,
    ...over,
  };
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** A store with `runs` completed runs of `rowsPerRun` metric rows each (a file of some hundred pages). */
export function fillStore(home: string, runs = 40, rowsPerRun = 400): void {
  const s = openStore(home);
  for (let r = 0; r < runs; r++) {
    const id = `run-${String(r).padStart(2, '0')}`;
    s.runs.insert({ id, name: `run ${r}`, config: runConfig(), designName: 'MMoE' });
    s.metrics.insert(Array.from({ length: rowsPerRun }, (_, i) => ({ runId: id, epoch: i, step: i * 10, split: 'validation' as const, task: 'a', metric: 'accuracy', value: i / rowsPerRun })));
    s.runs.finish(id, 'completed');
  }
  s.close();
}

/** 8 KiB of random bytes over the middle of a file (page-aligned), as a bad disk sector or a stray write would leave. */
export function damageFile(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, randomBytes(8192), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
}

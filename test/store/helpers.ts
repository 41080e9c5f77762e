// Shared bits for the store tests: a fresh data folder and a minimal run config.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunConfig } from '../../shared/run.js';

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

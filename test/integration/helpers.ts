// Helpers for the end-to-end tests: a workbench on a fresh data folder (real SQLite, real worker threads),
// waiting for runs to end, and reading metric rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkbenchApi } from '../../shared/api.js';
import type { MetricRow, RunRecord, Split } from '../../shared/run.js';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';

export function tmpHome(prefix = 'mtlw-int-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The in-process service on a fresh data folder, with the real local executor. */
export function openWorkbench(home = tmpHome()): Workbench {
  return createWorkbench({ home, transport: 'in-process' });
}

const live = (r: RunRecord) => r.status === 'queued' || r.status === 'running';

/** Polls until every run has ended; returns their records. */
export async function waitEnded(api: WorkbenchApi, ids: string[], timeoutMs = 170_000): Promise<RunRecord[]> {
  const t0 = Date.now();
  for (;;) {
    const runs = await Promise.all(ids.map((id) => api.getRun(id)));
    if (!runs.some(live)) return runs;
    if (Date.now() - t0 > timeoutMs) throw new Error(`runs still live after ${timeoutMs} ms: ${runs.map((r) => `${r.id} ${r.status}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One metric's value per epoch (in epoch order) for a split and task. */
export function curve(rows: MetricRow[], split: Split | 'diagnostics', task: string, metric: string): number[] {
  return rows
    .filter((r) => r.split === split && r.task === task && r.metric === metric)
    .sort((a, b) => a.epoch - b.epoch)
    .map((r) => r.value);
}

/** The last epoch's value, or undefined. */
export function last(rows: MetricRow[], split: Split | 'diagnostics', task: string, metric: string): number | undefined {
  return curve(rows, split, task, metric).at(-1);
}

/** Wall time of an async call, in seconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

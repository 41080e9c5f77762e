// Which split a run's table values come from: the test split where the run has test rows,
// else validation, else train. One split per run, so all its tasks are read from the same data.
import type { MetricRow, Split } from '../run.js';
import { METRICS } from '../metrics.js';

export const EVALUATION_SPLIT_ORDER: readonly Split[] = ['test', 'validation', 'train'];

/** True for a row that belongs in the per-task table: a task's own metric (not a diagnostic). */
export function isTaskMetricRow(row: MetricRow): boolean {
  return row.task !== '' && row.split !== 'diagnostics' && METRICS[row.metric] !== undefined;
}

export function evaluationSplit(rows: readonly MetricRow[]): Split | null {
  let seen = 0; // bit per split: test 1, validation 2, train 4
  for (const row of rows) {
    if (!isTaskMetricRow(row)) continue;
    if (row.split === 'test') return 'test';
    seen |= row.split === 'validation' ? 2 : 4;
  }
  if (seen & 2) return 'validation';
  if (seen & 4) return 'train';
  return null;
}

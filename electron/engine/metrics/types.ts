// One metric = one file exporting an EngineMetric; registry.ts lists them.
import type { TaskKind } from '../../../shared/dataset.js';

/**
 * What a metric sees for one task on one split. Rows whose label is NaN (missing) are skipped by every metric.
 * - labels: class index (0/1 for binary) or regression target.
 * - predictions: predicted class index (classification) or predicted value (regression).
 * - scores: for binary tasks, the predicted probability of the positive class.
 */
export interface MetricInput {
  labels: ArrayLike<number>;
  predictions: ArrayLike<number>;
  scores?: ArrayLike<number>;
  /** Number of classes for classification tasks (macro averages use the classes present when omitted). */
  numClasses?: number;
}

export interface EngineMetric {
  /** A key of METRICS in shared/metrics.ts (label and direction live there). */
  name: string;
  /** Task kinds the metric applies to. */
  kinds: TaskKind[];
  /** Returns NaN where the metric is undefined (no labelled rows, AUC with one class). */
  compute(input: MetricInput): number;
}

/** Indices of the rows that have a label (label is not NaN). */
export function labelledRows(labels: ArrayLike<number>): number[] {
  const rows: number[] = [];
  for (let i = 0; i < labels.length; i++) if (!Number.isNaN(labels[i])) rows.push(i);
  return rows;
}

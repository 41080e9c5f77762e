// The metric registry: adding a metric = one file + one line here + one test.
import type { TaskKind } from '../../../shared/dataset.js';
import { defaultMetrics } from '../../../shared/metrics.js';
import type { EngineMetric, MetricInput } from './types.js';
import { accuracy } from './accuracy.js';
import { f1 } from './f1.js';
import { auc } from './auc.js';
import { mse } from './mse.js';
import { mae } from './mae.js';
import { rmse } from './rmse.js';
import { r2 } from './r2.js';

const REGISTRY = new Map<string, EngineMetric>([accuracy, f1, auc, mse, mae, rmse, r2].map((m) => [m.name, m]));

export function listMetrics(): EngineMetric[] {
  return [...REGISTRY.values()];
}

export function getMetric(name: string): EngineMetric {
  const m = REGISTRY.get(name);
  if (!m) throw new Error(`Unknown metric '${name}': known metrics are ${[...REGISTRY.keys()].join(', ')}`);
  return m;
}

/** The metrics to compute for a task: the requested ones that apply to its kind, else the kind's defaults. */
export function metricsForTask(kind: TaskKind, requested?: string[]): string[] {
  const names = requested && requested.length > 0 ? requested : defaultMetrics(kind);
  return names.filter((n) => n !== 'loss' && REGISTRY.get(n)?.kinds.includes(kind));
}

/** Computes each named metric; metrics that come out undefined (NaN) are left out. */
export function computeMetrics(names: string[], input: MetricInput): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of names) {
    const v = getMetric(name).compute(input);
    if (Number.isFinite(v)) out[name] = v;
  }
  return out;
}

export type { EngineMetric, MetricInput } from './types.js';

// compareRuns' pure core: the per-task table (best, last, best run, mean ± std over seed groups),
// Δm% against baselines, and the config diff. Everything the Compare view and the CLI print.
import type { CompareCell, CompareResult } from '../compare.js';
import type { MetricRow, RunRecord } from '../run.js';
import { METRICS, isHigherBetter } from '../metrics.js';
import { summarizeCurves, summarizeRun, type RunSummary } from './summary.js';
import type { CurvePoint } from './curves.js';
import { groupBySeed } from './seed-groups.js';
import { configDiff } from './config-diff.js';
import { deltaM } from './delta-m.js';
import { mean, sampleStd } from './stats.js';

export interface CompareInput {
  runs: RunRecord[];
  metrics: Record<string, MetricRow[]>;
  /**
   * Baseline runs. Single-task baselines (baselineTask set) cover their task; any other run covers
   * every task it has. For a run, the baselines trained for it (baselineOf = its id) come first; else
   * any covering baseline trained on (a subset of) the run's datasets. Several covering runs are averaged.
   */
  baselines: RunRecord[];
  baselineMetrics: Record<string, MetricRow[]>;
  /** The runs' curves (curvesOf of their rows) where the caller has them already; else read from `metrics`. */
  curves?: Record<string, ReadonlyMap<string, readonly CurvePoint[]>>;
  /** The runs' summaries (summarizeCompact of their compact curves) where the caller has them; first choice. */
  summaries?: Record<string, RunSummary>;
}

function summaryOf(input: CompareInput, id: string, rows: () => readonly MetricRow[]): RunSummary {
  const given = input.summaries?.[id];
  if (given) return given;
  const curves = input.curves?.[id];
  return curves ? summarizeCurves(curves) : summarizeRun(rows());
}

/** Table order of metrics: the catalog's order with the loss last. */
const METRIC_ORDER = [...Object.keys(METRICS).filter((m) => m !== 'loss'), 'loss'];

export function computeComparison(input: CompareInput): CompareResult {
  const runIds = input.runs.map((r) => r.id);
  const summaries = new Map<string, RunSummary>();
  for (const run of input.runs) summaries.set(run.id, summaryOf(input, run.id, () => input.metrics[run.id] ?? []));

  // Rows: every (task, metric) any run has, tasks in order of first appearance.
  const tasks: string[] = [];
  const metricsOf = new Map<string, Set<string>>();
  for (const id of runIds) {
    for (const [task, metrics] of Object.entries(summaries.get(id)!.tasks)) {
      if (!metricsOf.has(task)) {
        tasks.push(task);
        metricsOf.set(task, new Set());
      }
      for (const m of Object.keys(metrics)) metricsOf.get(task)!.add(m);
    }
  }

  const seedGroups = groupBySeed(input.runs).filter((g) => g.length > 1);

  const rows: CompareResult['rows'] = [];
  for (const task of tasks) {
    const metrics = [...metricsOf.get(task)!].sort((a, b) => METRIC_ORDER.indexOf(a) - METRIC_ORDER.indexOf(b));
    for (const metric of metrics) {
      const higherIsBetter = isHigherBetter(metric);
      const cells: Record<string, CompareCell> = {};
      let bestRunId: string | null = null;
      let bestValue = 0;
      for (const id of runIds) {
        const s = summaries.get(id)!.tasks[task]?.[metric];
        cells[id] = { best: s?.best ?? null, last: s?.last ?? null };
        if (s && (bestRunId === null || (higherIsBetter ? s.best > bestValue : s.best < bestValue))) {
          bestRunId = id;
          bestValue = s.best;
        }
      }
      for (const group of seedGroups) {
        const values = group.map((id) => cells[id].best).filter((v): v is number => v !== null);
        if (values.length < 2) continue;
        const m = mean(values);
        const sd = sampleStd(values);
        for (const id of group) {
          cells[id].mean = m;
          cells[id].std = sd;
        }
      }
      rows.push({ task, metric, higherIsBetter, cells, bestRunId });
    }
  }

  // Δm against the baselines.
  const baselineSummaries = new Map<string, RunSummary>();
  for (const b of input.baselines) {
    baselineSummaries.set(b.id, summaries.get(b.id) ?? summaryOf(input, b.id, () => input.baselineMetrics[b.id] ?? input.metrics[b.id] ?? []));
  }
  const deltaMResult: Record<string, number | null> = {};
  const deltaMByTask: Record<string, Record<string, number | null>> = {};
  for (const run of input.runs) {
    const covering = (task: string) => {
      const covers = (b: RunRecord) =>
        b.baselineTask !== null ? b.baselineTask === task : baselineSummaries.get(b.id)!.tasks[task] !== undefined;
      const own = input.baselines.filter((b) => b.baselineOf === run.id && covers(b));
      if (own.length > 0) return own;
      // Otherwise any covering baseline trained on the run's data (a single-task baseline of a multi-dataset
      // design trains on the one dataset of its task).
      return input.baselines.filter((b) => covers(b) && b.datasetIds.every((d) => run.datasetIds.includes(d)));
    };
    const memo = new Map<string, RunRecord[]>();
    const value = (task: string, metric: string): number | null => {
      if (!memo.has(task)) memo.set(task, covering(task));
      const values = memo
        .get(task)!
        .map((b) => baselineSummaries.get(b.id)!.tasks[task]?.[metric]?.best)
        .filter((v): v is number => v !== undefined && Number.isFinite(v));
      return values.length > 0 ? mean(values) : null;
    };
    const d = deltaM(summaries.get(run.id)!, value);
    deltaMResult[run.id] = d.total;
    deltaMByTask[run.id] = d.byTask;
  }

  const evaluationSplits: CompareResult['evaluationSplits'] = {};
  for (const id of runIds) {
    const split = summaries.get(id)!.split;
    if (split) evaluationSplits[id] = split;
  }

  return {
    runIds,
    rows,
    deltaM: deltaMResult,
    baselineRunIds: input.baselines.map((b) => b.id),
    configDiff: configDiff(input.runs),
    evaluationSplits,
    deltaMByTask,
    seedGroups,
  };
}

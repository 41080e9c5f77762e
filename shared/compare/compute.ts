// The comparison: the one function behind the compareRuns verb and the Compare view. Every value is read from
// the runs' summaries (the reported split at the epoch selected on validation); seed groups get mean, std and
// a 95% interval, and Welch's test against the first compared run's group; Δm% against the baselines.
import type { CompareCell, CompareResult, RunSelection } from './types.js';
import type { RunRecord } from '../run.js';
import { METRICS, isHigherBetter } from '../metrics.js';
import { baselineReference, reportedValueOf, type RunSummary } from '../results/summary.js';
import { seedStats, welchTTest } from '../results/stats.js';
import { groupBySeed } from './seed-groups.js';
import { configDiff } from './config-diff.js';
import { deltaM } from './delta-m.js';

export interface CompareInput {
  /** The compared runs, each with its summary (RunRecord.summary). */
  runs: RunRecord[];
  /**
   * Baseline runs. Single-task baselines (baselineTask set) cover their task; any other run covers every task
   * it has. For a run, the baselines trained for it (baselineOf = its id) come first; else any covering baseline
   * trained on (a subset of) the run's datasets. Several covering runs are averaged.
   */
  baselines: RunRecord[];
}

/** Table order of metrics: the catalog's order with the loss last. */
const METRIC_ORDER = [...Object.keys(METRICS).filter((m) => m !== 'loss'), 'loss'];

const EMPTY: RunSummary = { rule: { kind: 'mean-normalized' }, selected: null, split: null, lastEpoch: null, tasks: {}, selectionValues: {} };
const summaryOf = (r: RunRecord): RunSummary => r.summary ?? EMPTY;

function selectionOf(r: RunRecord): RunSelection {
  const s = summaryOf(r);
  return {
    epoch: s.selected?.epoch ?? null,
    rule: s.rule,
    split: s.selected?.split ?? null,
    reportSplit: s.split,
    weightsEpoch: r.weightsEpoch,
    ...(s.note ? { note: s.note } : {}),
  };
}

/** The baselines that cover a run's task: its own first, else any trained on (a subset of) its datasets. */
function coveringBaselines(run: RunRecord, baselines: readonly RunRecord[], task: string): RunRecord[] {
  const covers = (b: RunRecord) => (b.baselineTask !== null ? b.baselineTask === task : summaryOf(b).tasks[task] !== undefined);
  const own = baselines.filter((b) => b.baselineOf === run.id && covers(b));
  if (own.length > 0) return own;
  return baselines.filter((b) => covers(b) && b.datasetIds.every((d) => run.datasetIds.includes(d)));
}

export function computeComparison(input: CompareInput): CompareResult {
  const runIds = input.runs.map((r) => r.id);
  const byId = new Map(input.runs.map((r) => [r.id, r]));

  // Rows: every (task, metric) any run has, tasks in order of first appearance.
  const tasks: string[] = [];
  const metricsOf = new Map<string, Set<string>>();
  for (const r of input.runs) {
    for (const [task, metrics] of Object.entries(summaryOf(r).tasks)) {
      if (!metricsOf.has(task)) {
        tasks.push(task);
        metricsOf.set(task, new Set());
      }
      for (const m of Object.keys(metrics)) metricsOf.get(task)!.add(m);
    }
  }

  const groups = groupBySeed(input.runs);
  const groupOf = new Map<string, string[]>();
  for (const g of groups) for (const id of g) groupOf.set(id, g);
  const reference = groupOf.get(runIds[0]) ?? [];

  const rows: CompareResult['rows'] = [];
  for (const task of tasks) {
    const metrics = [...metricsOf.get(task)!].sort((a, b) => METRIC_ORDER.indexOf(a) - METRIC_ORDER.indexOf(b));
    for (const metric of metrics) {
      const higherIsBetter = isHigherBetter(metric);
      const value = (id: string) => summaryOf(byId.get(id)!).tasks[task]?.[metric]?.value ?? null;
      const cells: Record<string, CompareCell> = {};
      let bestRunId: string | null = null;
      let bestValue = 0;
      for (const id of runIds) {
        const s = summaryOf(byId.get(id)!).tasks[task]?.[metric];
        cells[id] = { value: s?.value ?? null, last: s?.last ?? null };
        const v = cells[id].value;
        if (v !== null && (bestRunId === null || (higherIsBetter ? v > bestValue : v < bestValue))) {
          bestRunId = id;
          bestValue = v;
        }
      }
      const valuesOf = (g: readonly string[]) => g.map(value).filter((v): v is number => v !== null);
      for (const g of groups) {
        const stats = seedStats(valuesOf(g));
        const welch = g === reference ? undefined : welchTTest(valuesOf(g), valuesOf(reference));
        for (const id of g) {
          if (stats) cells[id].stats = stats;
          if (welch !== undefined && reference.length > 0) cells[id].welch = welch;
        }
      }
      rows.push({ task, metric, higherIsBetter, cells, bestRunId });
    }
  }

  // Δm against the baselines, from the reported values at each run's (and baseline's) selected epoch.
  const deltaMResult: Record<string, number | null> = {};
  const deltaMByTask: Record<string, Record<string, number | null>> = {};
  for (const run of input.runs) {
    const summary = summaryOf(run);
    const refs = new Map<string, (task: string, metric: string) => number | null>();
    const reference = (task: string, metric: string) => {
      if (!refs.has(task)) {
        const covering = coveringBaselines(run, input.baselines, task).map((b) => ({ task: b.baselineTask, summary: b.summary }));
        refs.set(task, baselineReference(covering, reportedValueOf));
      }
      return refs.get(task)!(task, metric);
    };
    const values: Record<string, Record<string, number | null>> = {};
    for (const [task, ms] of Object.entries(summary.tasks)) values[task] = Object.fromEntries(Object.entries(ms).map(([m, v]) => [m, v.value]));
    const d = deltaM(values, reference);
    deltaMResult[run.id] = d.total;
    deltaMByTask[run.id] = d.byTask;
  }
  const deltaMStats: Record<string, NonNullable<ReturnType<typeof seedStats>>> = {};
  const deltaMWelch: Record<string, ReturnType<typeof welchTTest>> = {};
  const deltaValues = (g: readonly string[]) => g.map((id) => deltaMResult[id]).filter((v): v is number => v !== null);
  for (const g of groups) {
    const stats = seedStats(deltaValues(g));
    const welch = g === reference ? undefined : welchTTest(deltaValues(g), deltaValues(reference));
    for (const id of g) {
      if (stats) deltaMStats[id] = stats;
      if (welch !== undefined) deltaMWelch[id] = welch;
    }
  }

  return {
    runIds,
    rows,
    deltaM: deltaMResult,
    baselineRunIds: input.baselines.map((b) => b.id),
    configDiff: configDiff(input.runs),
    selections: Object.fromEntries(input.runs.map((r) => [r.id, selectionOf(r)])),
    deltaMByTask,
    seedGroups: groups.filter((g) => g.length > 1),
    referenceGroup: reference,
    deltaMStats,
    deltaMWelch,
  };
}

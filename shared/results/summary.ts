// A run's numbers, the one way every surface reads them: one epoch selected on the validation split (train
// where the run has none) by the rule in its config, every task's values at that epoch on the reported split
// (test where the run has test values), and the last epoch's values. No value is a maximum over epochs of
// the reported split. The training loop runs the same function on its rows to keep the selected weights.
import type { CurveData } from '../compare/types.js';
import type { RunConfig, SelectionRule, Split } from '../run.js';
import { METRICS, isHigherBetter } from '../metrics.js';
import { headlineMetric } from '../compare/headline.js';
import { deltaM } from '../compare/delta-m.js';

/** A rule as applied: 'default' resolved. */
export type AppliedRule = Exclude<SelectionRule, { kind: 'default' }>;

export interface SummaryValue {
  /** On the reported split at the selected epoch; null where that epoch has no value. */
  value: number | null;
  /** On the reported split at the curve's last epoch. */
  last: number | null;
  lastEpoch: number | null;
}

export interface RunSummary {
  /** The rule applied (the config's, or the default resolved; a rule that cannot apply falls back, see `note`). */
  rule: AppliedRule;
  /** The selected epoch, the split it was selected on, and its score under the rule (higher is better). */
  selected: { epoch: number; split: 'validation' | 'train'; score: number } | null;
  /** The split the values come from: test where the run has task values there, else validation, else train. */
  split: Split | null;
  /** The last epoch with a task value on the reported split. */
  lastEpoch: number | null;
  /** task -> metric -> values on `split`. */
  tasks: Record<string, Record<string, SummaryValue>>;
  /** task -> metric -> the selection split's values at the selected epoch (a baseline's reference for Δm). */
  selectionValues: Record<string, Record<string, number>>;
  /** Why the rule applied is not the one asked for, where it is not. */
  note?: string;
}

export interface SummaryOptions {
  /** The run config's rule (absent = default). */
  selection?: SelectionRule;
  earlyStopping?: RunConfig['earlyStopping'];
  /**
   * The baselines' selection-split values at their selected epochs, for 'delta-m' (and the default, which is
   * 'delta-m' wherever this covers every task of the run); null where no baseline covers (task, metric).
   */
  baseline?: (task: string, metric: string) => number | null;
}

type Series = Map<number, number>; // epoch -> finite value
type SplitCurves = Map<string, Map<string, Series>>; // task -> metric -> series

const SPLITS: readonly Split[] = ['train', 'validation', 'test'];
const SELECTION_SPLITS = ['validation', 'train'] as const;
const REPORT_SPLITS: readonly Split[] = ['test', 'validation', 'train'];

/** Task curves ('' = run-wide, kept for the total loss) per split; only known metrics, only finite values. */
function read(curves: Iterable<CurveData>): Map<Split, SplitCurves> {
  const out = new Map<Split, SplitCurves>();
  for (const c of curves) {
    if (!SPLITS.includes(c.split as Split) || METRICS[c.metric] === undefined) continue;
    const series: Series = new Map();
    for (let i = 0; i < c.values.length; i++) {
      const v = c.values[i];
      if (v !== null && Number.isFinite(v)) series.set(c.epochs ? c.epochs[i] : c.firstEpoch + i, v);
    }
    if (series.size === 0) continue;
    let bySplit = out.get(c.split as Split);
    if (!bySplit) out.set(c.split as Split, (bySplit = new Map()));
    let byTask = bySplit.get(c.task);
    if (!byTask) bySplit.set(c.task, (byTask = new Map()));
    byTask.set(c.metric, series);
  }
  return out;
}

const taskNames = (s: SplitCurves | undefined): string[] => [...(s?.keys() ?? [])].filter((t) => t !== '');

/** Score per epoch (higher is better), or null where the rule cannot score that epoch. */
type Scorer = (epoch: number) => number | null;

function meanNormalized(sel: SplitCurves): Scorer | null {
  const parts: { series: Series; ref: number; sign: number }[] = [];
  for (const task of taskNames(sel)) {
    const metrics = sel.get(task)!;
    const primary = headlineMetric([...metrics.keys()]);
    if (!primary) continue;
    const series = metrics.get(primary)!;
    const first = Math.min(...series.keys());
    parts.push({ series, ref: series.get(first)!, sign: isHigherBetter(primary) ? 1 : -1 });
  }
  if (parts.length === 0) return null;
  return (epoch) => {
    let sum = 0;
    for (const p of parts) {
      const v = p.series.get(epoch);
      if (v === undefined) return null;
      sum += p.ref !== 0 ? (p.sign * (v - p.ref)) / Math.abs(p.ref) : p.sign * (v - p.ref);
    }
    return sum / parts.length;
  };
}

function deltaMScorer(sel: SplitCurves, baseline: NonNullable<SummaryOptions['baseline']>): Scorer | null {
  const tasks = taskNames(sel);
  if (tasks.length === 0) return null;
  const covered = tasks.every((t) => [...sel.get(t)!.keys()].some((m) => baseline(t, m) !== null));
  if (!covered) return null;
  return (epoch) => {
    const values: Record<string, Record<string, number>> = {};
    for (const t of tasks) {
      values[t] = {};
      for (const [m, s] of sel.get(t)!) {
        const v = s.get(epoch);
        if (v !== undefined) values[t][m] = v;
      }
    }
    return deltaM(values, baseline).total;
  };
}

function totalLoss(sel: SplitCurves): Scorer | null {
  const total = sel.get('')?.get('loss');
  if (total) return (epoch) => (total.has(epoch) ? -total.get(epoch)! : null);
  const losses = taskNames(sel).map((t) => sel.get(t)!.get('loss'));
  if (losses.length === 0 || losses.some((s) => !s)) return null;
  return (epoch) => {
    let sum = 0;
    for (const s of losses) {
      const v = s!.get(epoch);
      if (v === undefined) return null;
      sum += v;
    }
    return -sum;
  };
}

function oneMetric(sel: SplitCurves, task: string, metric: string): Scorer | null {
  const series = sel.get(task)?.get(metric);
  if (!series) return null;
  const sign = isHigherBetter(metric) ? 1 : -1;
  return (epoch) => (series.has(epoch) ? sign * series.get(epoch)! : null);
}

/** The rule to apply and its scorer; a rule that cannot apply falls back to mean-normalized, with a note. */
function resolve(sel: SplitCurves, opts: SummaryOptions): { rule: AppliedRule; score: Scorer | null; note?: string } {
  const asked = opts.selection ?? { kind: 'default' };
  const fallback = (note?: string) => ({ rule: { kind: 'mean-normalized' } as AppliedRule, score: meanNormalized(sel), ...(note ? { note } : {}) });
  switch (asked.kind) {
    case 'default': {
      const dm = opts.baseline ? deltaMScorer(sel, opts.baseline) : null;
      return dm ? { rule: { kind: 'delta-m' }, score: dm } : fallback();
    }
    case 'mean-normalized':
      return fallback();
    case 'delta-m': {
      const dm = opts.baseline ? deltaMScorer(sel, opts.baseline) : null;
      return dm ? { rule: asked, score: dm } : fallback('delta-m: no baseline covers every task of the run');
    }
    case 'total-loss': {
      const s = totalLoss(sel);
      return s ? { rule: asked, score: s } : fallback('total-loss: the run has no loss on every task');
    }
    case 'task-metric': {
      const s = oneMetric(sel, asked.task, asked.metric);
      return s ? { rule: asked, score: s } : fallback(`task-metric: the run has no ${asked.metric} for task '${asked.task}'`);
    }
    case 'early-stopping': {
      const es = opts.earlyStopping;
      const s = es ? oneMetric(sel, es.task, es.metric) : null;
      return s ? { rule: asked, score: s } : fallback('early-stopping: the run has no early-stopping metric');
    }
  }
}

/**
 * The run's summary from its curves (any split; diagnostics and unknown metrics are skipped). The selected
 * epoch is the best-scoring epoch of the selection split (the earliest where several tie).
 */
export function summarizeRun(curves: Iterable<CurveData>, options: SummaryOptions = {}): RunSummary {
  const bySplit = read(curves);
  const selSplit = SELECTION_SPLITS.find((s) => taskNames(bySplit.get(s)).length > 0) ?? null;
  const split = REPORT_SPLITS.find((s) => taskNames(bySplit.get(s)).length > 0) ?? null;
  const sel = selSplit ? bySplit.get(selSplit)! : new Map<string, Map<string, Series>>();
  const { rule, score, note } = resolve(sel, options);

  let selected: RunSummary['selected'] = null;
  if (selSplit && score) {
    const epochs = new Set<number>();
    for (const t of taskNames(sel)) for (const s of sel.get(t)!.values()) for (const e of s.keys()) epochs.add(e);
    for (const epoch of [...epochs].sort((a, b) => a - b)) {
      const v = score(epoch);
      if (v !== null && Number.isFinite(v) && (selected === null || v > selected.score)) selected = { epoch, split: selSplit, score: v };
    }
  }

  const tasks: RunSummary['tasks'] = {};
  let lastEpoch: number | null = null;
  const report = split ? bySplit.get(split)! : new Map<string, Map<string, Series>>();
  for (const task of taskNames(report)) {
    tasks[task] = {};
    for (const [metric, series] of report.get(task)!) {
      const last = Math.max(...series.keys());
      lastEpoch = lastEpoch === null ? last : Math.max(lastEpoch, last);
      tasks[task][metric] = { value: selected ? (series.get(selected.epoch) ?? null) : null, last: series.get(last)!, lastEpoch: last };
    }
  }
  const selectionValues: RunSummary['selectionValues'] = {};
  if (selected) {
    for (const task of taskNames(sel)) {
      for (const [metric, series] of sel.get(task)!) {
        const v = series.get(selected.epoch);
        if (v !== undefined) (selectionValues[task] ??= {})[metric] = v;
      }
    }
  }
  return { rule, selected, split, lastEpoch, tasks, selectionValues, ...(note ? { note } : {}) };
}

/**
 * The baseline reference for a run's Δm from its baselines' summaries: single-task baselines (task set)
 * cover their task, others every task they have; several covering baselines are averaged.
 */
export function baselineReference(
  baselines: readonly { task: string | null; summary: RunSummary | null }[],
  pick: (s: RunSummary, task: string, metric: string) => number | null,
): (task: string, metric: string) => number | null {
  return (task, metric) => {
    const values: number[] = [];
    for (const b of baselines) {
      if (!b.summary || (b.task !== null && b.task !== task)) continue;
      const v = pick(b.summary, task, metric);
      if (v !== null && Number.isFinite(v)) values.push(v);
    }
    return values.length > 0 ? values.reduce((a, x) => a + x, 0) / values.length : null;
  };
}

/** The selection-split value of a summary (what a baseline offers for selection by Δm). */
export const selectionValueOf = (s: RunSummary, task: string, metric: string): number | null => s.selectionValues[task]?.[metric] ?? null;

/** The reported value at the selected epoch (what a baseline offers for the reported Δm). */
export const reportedValueOf = (s: RunSummary, task: string, metric: string): number | null => s.tasks[task]?.[metric]?.value ?? null;

/** A short label of a rule, for tables and CSV ("mean-normalized", "task-metric:left/accuracy"). */
export function ruleLabel(rule: SelectionRule): string {
  return rule.kind === 'task-metric' ? `task-metric:${rule.task}/${rule.metric}` : rule.kind;
}

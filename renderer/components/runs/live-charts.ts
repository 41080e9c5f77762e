// Chart options for one run's live view, built from its metric rows and batch losses.
// Pure functions of the data (no Vue), so each chart re-renders only when its inputs change.
// Before the first epoch ends, the loss charts already draw the batch losses as they come.
import type { MetricRow } from '../../../shared/run.js';
import { METRICS } from '../../../shared/metrics.js';
import { curveKey, curvesOfRows } from '../../../shared/compare/curves.js';
import { headlineMetric } from '../../../shared/compare/headline.js';
import { colorAt } from '../compare/palette.js';
import { AFFINITY_METRIC } from '../../../shared/affinity.js';
import type { ChartOption } from '../compare/echarts.js';
import type { BatchPoint } from '../../stores/runs.js';
import { fmtX, lineOption, type LineOpts, type LiveSeries, type XMode } from './line-option.js';

export type { LiveSeries, XMode } from './line-option.js';

export interface LiveChart {
  option: ChartOption;
  /** e.g. "train:5:0.4123|validation:5:0.4410" — names, point counts and last values. */
  summary: string;
  empty: boolean;
}

/** One epoch's value of a curve, with the global step at which it was recorded. */
interface Point {
  epoch: number;
  step: number;
  value: number;
}
type Curves = Map<string, Point[]>;
type T = (key: string, values?: Record<string, unknown>) => string;

/** Rows → curves keyed by curveKey (the shared fold: one point per epoch, the latest step winning), tasks and task pairs. */
export function indexRows(rows: readonly MetricRow[]): { curves: Curves; tasks: string[]; pairs: string[] } {
  const curves: Curves = new Map();
  for (const c of curvesOfRows(rows, { steps: true })) {
    curves.set(curveKey(c.split, c.task, c.metric), c.values.map((v, i) => ({ epoch: c.epochs![i], step: c.steps![i], value: v ?? Number.NaN })));
  }
  const tasks: string[] = [];
  const pairs: string[] = [];
  for (const r of rows) {
    if (r.task === '' || r.metric === AFFINITY_METRIC) continue; // affinity rows name task pairs (affinity-chart.ts)
    if (r.task.includes('|')) {
      if (!pairs.includes(r.task)) pairs.push(r.task);
    } else if (!tasks.includes(r.task)) tasks.push(r.task);
  }
  return { curves, tasks, pairs };
}

/** How points map to x: by epoch, by step, or by time since the run started (known for steps seen live). */
export interface XScale {
  mode: XMode;
  line: Pick<LineOpts, 'xMode' | 'xName' | 'xLabel' | 'locale'>;
  ofRow(p: Point): number | null;
  ofBatch(b: BatchPoint): number | null;
}

export function xScale(mode: XMode, batches: readonly BatchPoint[], startedAt: number | null, t: T, locale: string): XScale {
  const t0 = startedAt ?? batches[0]?.t ?? 0;
  const secAt = (b: BatchPoint) => Math.max(0, (b.t - t0) / 1000);
  /** The time a global step was reached, interpolated between the batches seen live. */
  const timeOfStep = (step: number): number | null => {
    if (!batches.length) return null;
    const i = batches.findIndex((b) => b.x >= step);
    if (i < 0) return step - batches[batches.length - 1].x <= 1 ? secAt(batches[batches.length - 1]) : null;
    if (i === 0) return batches[0].x === step ? secAt(batches[0]) : null;
    const a = batches[i - 1];
    const b = batches[i];
    return secAt(a) + ((secAt(b) - secAt(a)) * (step - a.x)) / Math.max(1, b.x - a.x);
  };
  const line = { xMode: mode, xName: t(`runs.live.axis.${mode}`), xLabel: (x: number) => t(`runs.live.at.${mode}`, { x: fmtX(mode, x, locale) }), locale };
  if (mode === 'step') return { mode, line, ofRow: (p) => p.step, ofBatch: (b) => b.x };
  if (mode === 'time') return { mode, line, ofRow: (p) => timeOfStep(p.step), ofBatch: secAt };
  return { mode, line, ofRow: (p) => p.epoch, ofBatch: (b) => b.e };
}

function pts(c: Point[] | undefined, x: XScale): [number, number][] {
  const out: [number, number][] = [];
  for (const p of c ?? []) {
    const at = x.ofRow(p);
    if (at !== null && Number.isFinite(p.value)) out.push([at, p.value]);
  }
  return out;
}

function batchPts(batches: readonly BatchPoint[], key: string, x: XScale): [number, number][] {
  const out: [number, number][] = [];
  for (const b of batches) {
    const at = x.ofBatch(b);
    const v = b.losses[key];
    if (at !== null && Number.isFinite(v)) out.push([at, v]);
  }
  return out;
}

/** The first split that has this curve. */
function find(curves: Curves, splits: string[], task: string, metric: string): Point[] | undefined {
  for (const s of splits) {
    const c = curves.get(curveKey(s, task, metric));
    if (c && c.length) return c;
  }
  return undefined;
}

export function summarize(series: LiveSeries[]): string {
  return series.map((s) => `${s.name}:${s.points.length}:${s.points.length ? s.points[s.points.length - 1][1].toPrecision(6) : ''}`).join('|');
}

function chart(series: LiveSeries[], x: XScale, opts: Omit<LineOpts, keyof XScale['line']> = {}): LiveChart {
  const nonEmpty = series.filter((s) => s.points.length > 0);
  return { option: lineOption(nonEmpty, { ...x.line, ...opts }), summary: summarize(nonEmpty), empty: nonEmpty.length === 0 };
}

/** The metrics a task has on train or validation (not the loss), catalog order. */
export function taskMetricNames(curves: Curves, task: string): string[] {
  const names = new Set<string>();
  for (const key of curves.keys()) {
    const [split, k, metric] = key.split('\u001f');
    if (k === task && metric !== 'loss' && METRICS[metric] && (split === 'train' || split === 'validation')) names.add(metric);
  }
  const order = Object.keys(METRICS);
  return [...names].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** Metric name in the interface's language (runs.metric.<name>), else the catalog's label. */
export function metricLabel(metric: string, t: T, te: (key: string) => boolean): string {
  const key = `runs.metric.${metric}`;
  return te(key) ? t(key) : (METRICS[metric]?.label ?? metric);
}

/** Per task: training and validation loss over the batch losses; and one of its metrics (validation solid, train dashed). */
export function taskCharts(
  curves: Curves,
  batches: readonly BatchPoint[],
  task: string,
  metric: string | null,
  x: XScale,
  t: T,
  metricName: (m: string) => string,
): { loss: LiveChart; metric: LiveChart; metricNames: string[]; shown: string | null } {
  const loss = chart(
    [
      { name: t('runs.live.train'), points: pts(curves.get(curveKey('train', task, 'loss')), x), color: colorAt(0) },
      { name: t('runs.live.validation'), points: pts(curves.get(curveKey('validation', task, 'loss')), x), color: colorAt(1) },
      { name: t('runs.live.perBatch'), points: batchPts(batches, task, x), color: colorAt(0), faint: true },
    ],
    x,
    { yName: t('runs.live.axis.loss') },
  );
  const names = taskMetricNames(curves, task);
  const shown = metric && names.includes(metric) ? metric : headlineMetric(names);
  const series: LiveSeries[] = shown
    ? [
        { name: t('runs.live.validation'), points: pts(curves.get(curveKey('validation', task, shown)), x), color: colorAt(1) },
        { name: t('runs.live.train'), points: pts(curves.get(curveKey('train', task, shown)), x), color: colorAt(0), dashed: true },
      ]
    : [];
  const bounded = shown !== null && ['accuracy', 'f1', 'auc'].includes(shown);
  return {
    loss,
    metric: chart(series, x, { yName: shown ? metricName(shown) : undefined, yMin: bounded ? 0 : undefined, yMax: bounded ? 1 : undefined }),
    metricNames: names,
    shown,
  };
}

/** The total training loss and each task's weighted part, stacked from 0 (so each task's area reads true). */
export function weightedLossChart(curves: Curves, tasks: string[], x: XScale, t: T): LiveChart {
  const series: LiveSeries[] = tasks.map((task, i) => ({
    name: task,
    points: pts(find(curves, ['train', 'diagnostics', 'validation'], task, 'weighted_loss'), x),
    color: colorAt(i),
    area: true,
    stack: 'weighted',
  }));
  series.push({ name: t('runs.live.totalLoss'), points: pts(find(curves, ['train', 'diagnostics'], '', 'loss'), x), color: '#111827', dashed: true });
  return chart(series, x, { yName: t('runs.live.axis.loss'), yMin: 0 });
}

/** Each task's weight as the strategy set it. */
export function weightsChart(curves: Curves, tasks: string[], x: XScale, t: T): LiveChart {
  return chart(
    tasks.map((task, i) => ({ name: task, points: pts(find(curves, ['diagnostics', 'train'], task, 'weight'), x), color: colorAt(i) })),
    x,
    { yName: t('runs.live.axis.weight') },
  );
}

/** Pairwise cosine similarity of task gradients on the shared parameters (below 0 = conflict). */
export function cosineChart(curves: Curves, pairs: string[], x: XScale, t: T): LiveChart {
  const c = chart(
    pairs.map((pair, i) => ({ name: pair.replace('|', ' · '), points: pts(find(curves, ['diagnostics', 'train'], pair, 'grad_cos'), x), color: colorAt(i) })),
    x,
    { yName: t('runs.live.axis.cosine'), yMin: -1, yMax: 1 },
  );
  const series = (c.option as { series: Record<string, unknown>[] }).series;
  if (series.length > 0) series[0].markLine = { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { color: '#98a2b3', type: 'dotted' }, label: { show: false } };
  return c;
}

/** Batch losses from progress events, per task and total. */
export function batchChart(batches: readonly BatchPoint[], tasks: string[], x: XScale, t: T): LiveChart {
  const keys: string[] = [];
  for (const b of batches) for (const k of Object.keys(b.losses)) if (!keys.includes(k)) keys.push(k);
  const isTotal = (k: string) => k === '' || k === 'total' || k === '_total';
  const series: LiveSeries[] = keys.map((k, i) => ({
    name: isTotal(k) ? t('runs.live.totalLoss') : k,
    points: batchPts(batches, k, x),
    color: isTotal(k) ? '#111827' : colorAt(tasks.includes(k) ? tasks.indexOf(k) : tasks.length + i),
  }));
  return chart(series, x, { yName: t('runs.live.axis.loss') });
}

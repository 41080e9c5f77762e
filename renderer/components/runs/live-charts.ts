// Chart options for one run's live view, built from its metric rows and batch losses.
// Pure functions of the data (no Vue), so each chart re-renders only when its inputs change.
import type { MetricRow } from '../../../shared/run.js';
import { METRICS } from '../../../shared/metrics.js';
import { curvesOf, curveKey, type CurvePoint } from '../../../shared/compare/curves.js';
import { headlineMetric } from '../../../shared/compare/headline.js';
import { colorAt } from '../compare/palette.js';
import type { ChartOption } from '../compare/echarts.js';
import { fmtValue } from '../compare/format.js';

export interface LiveSeries {
  name: string;
  points: [number, number][];
  color?: string;
  dashed?: boolean;
  area?: boolean;
  stack?: string;
}

export interface LiveChart {
  option: ChartOption;
  /** e.g. "train loss:5:0.4123|validation loss:5:0.4410" — names, point counts and last values. */
  summary: string;
  empty: boolean;
}

type Curves = Map<string, CurvePoint[]>;

export function indexRows(rows: readonly MetricRow[]): { curves: Curves; tasks: string[]; pairs: string[] } {
  const curves = curvesOf(rows);
  const tasks: string[] = [];
  const pairs: string[] = [];
  for (const r of rows) {
    if (r.task === '') continue;
    if (r.task.includes('|')) {
      if (!pairs.includes(r.task)) pairs.push(r.task);
    } else if (!tasks.includes(r.task)) tasks.push(r.task);
  }
  return { curves, tasks, pairs };
}

const pts = (c: CurvePoint[] | undefined): [number, number][] => (c ?? []).filter((p) => Number.isFinite(p.value)).map((p) => [p.epoch, p.value]);

/** The first split that has this curve. */
function find(curves: Curves, splits: string[], task: string, metric: string): CurvePoint[] | undefined {
  for (const s of splits) {
    const c = curves.get(curveKey(s, task, metric));
    if (c && c.length) return c;
  }
  return undefined;
}

export function summarize(series: LiveSeries[]): string {
  return series.map((s) => `${s.name}:${s.points.length}:${s.points.length ? s.points[s.points.length - 1][1].toPrecision(6) : ''}`).join('|');
}

export function lineOption(series: LiveSeries[], opts: { xName: string; yName?: string; yMin?: number; yMax?: number; legend?: boolean } ): ChartOption {
  return {
    animation: false,
    grid: { left: 48, right: 14, top: opts.legend === false ? 12 : 30, bottom: 30 },
    legend: opts.legend === false ? undefined : { top: 0, type: 'scroll', itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmtValue(v) : String(v ?? '—')) },
    xAxis: { type: 'value', name: opts.xName, nameLocation: 'middle', nameGap: 20, minInterval: 1, scale: true, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', name: opts.yName, scale: opts.yMin === undefined, min: opts.yMin, max: opts.yMax, axisLabel: { fontSize: 10 }, nameTextStyle: { fontSize: 10 } },
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      data: s.points,
      showSymbol: s.points.length < 30,
      symbolSize: 5,
      stack: s.stack,
      areaStyle: s.area ? { opacity: 0.25 } : undefined,
      lineStyle: { width: 1.8, type: s.dashed ? 'dashed' : 'solid', color: s.color },
      itemStyle: { color: s.color },
      emphasis: { focus: 'series' },
    })),
  };
}

function chart(series: LiveSeries[], opts: Parameters<typeof lineOption>[1]): LiveChart {
  const nonEmpty = series.filter((s) => s.points.length > 0);
  return { option: lineOption(nonEmpty, opts), summary: summarize(nonEmpty), empty: nonEmpty.length === 0 };
}

type T = (key: string, values?: Record<string, unknown>) => string;

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

/** Per task: training and validation loss; and one of its metrics (validation solid, train dashed). */
export function taskCharts(curves: Curves, task: string, metric: string | null, t: T): { loss: LiveChart; metric: LiveChart; metricNames: string[]; shown: string | null } {
  const loss = chart(
    [
      { name: t('runs.live.train'), points: pts(curves.get(curveKey('train', task, 'loss'))), color: colorAt(0) },
      { name: t('runs.live.validation'), points: pts(curves.get(curveKey('validation', task, 'loss'))), color: colorAt(1) },
    ],
    { xName: t('runs.live.epoch') },
  );
  const names = taskMetricNames(curves, task);
  const shown = metric && names.includes(metric) ? metric : headlineMetric(names);
  const series: LiveSeries[] = shown
    ? [
        { name: t('runs.live.validation'), points: pts(curves.get(curveKey('validation', task, shown))), color: colorAt(1) },
        { name: t('runs.live.train'), points: pts(curves.get(curveKey('train', task, shown))), color: colorAt(0), dashed: true },
      ]
    : [];
  const bounded = shown !== null && ['accuracy', 'f1', 'auc'].includes(shown);
  return { loss, metric: chart(series, { xName: t('runs.live.epoch'), yMin: bounded ? 0 : undefined, yMax: bounded ? 1 : undefined }), metricNames: names, shown };
}

/** The total training loss and each task's weighted part (stacked). */
export function weightedLossChart(curves: Curves, tasks: string[], t: T): LiveChart {
  const series: LiveSeries[] = tasks.map((task, i) => ({
    name: task,
    points: pts(find(curves, ['train', 'diagnostics', 'validation'], task, 'weighted_loss')),
    color: colorAt(i),
    area: true,
    stack: 'weighted',
  }));
  series.push({ name: t('runs.live.totalLoss'), points: pts(find(curves, ['train', 'diagnostics'], '', 'loss')), color: '#111827', dashed: true });
  return chart(series, { xName: t('runs.live.epoch') });
}

/** Each task's weight as the strategy set it. */
export function weightsChart(curves: Curves, tasks: string[], t: T): LiveChart {
  return chart(
    tasks.map((task, i) => ({ name: task, points: pts(find(curves, ['diagnostics', 'train'], task, 'weight')), color: colorAt(i) })),
    { xName: t('runs.live.epoch') },
  );
}

/** Pairwise cosine similarity of task gradients on the shared parameters (below 0 = conflict). */
export function cosineChart(curves: Curves, pairs: string[], t: T): LiveChart {
  const c = chart(
    pairs.map((pair, i) => ({ name: pair.replace('|', ' · '), points: pts(find(curves, ['diagnostics', 'train'], pair, 'grad_cos')), color: colorAt(i) })),
    { xName: t('runs.live.epoch'), yMin: -1, yMax: 1 },
  );
  const series = (c.option as { series: Record<string, unknown>[] }).series;
  if (series.length > 0) series[0].markLine = { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { color: '#98a2b3', type: 'dotted' }, label: { show: false } };
  return c;
}

/** Batch losses from progress events, per task and total, against the global step. */
export function batchChart(batches: { x: number; losses: Record<string, number> }[], tasks: string[], t: T): LiveChart {
  const keys: string[] = [];
  for (const b of batches) for (const k of Object.keys(b.losses)) if (!keys.includes(k)) keys.push(k);
  const isTotal = (k: string) => k === '' || k === 'total' || k === '_total';
  const series: LiveSeries[] = keys.map((k, i) => ({
    name: isTotal(k) ? t('runs.live.totalLoss') : k,
    points: batches.filter((b) => Number.isFinite(b.losses[k])).map((b) => [b.x, b.losses[k]] as [number, number]),
    color: isTotal(k) ? '#111827' : colorAt(tasks.includes(k) ? tasks.indexOf(k) : tasks.length + i),
  }));
  return chart(series, { xName: t('runs.live.step') });
}

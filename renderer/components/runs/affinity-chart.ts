// The task affinity heatmap of one run: x = epoch, y = directed pair "a → b" (a's step onto b's loss), colour =
// that epoch's mean lookahead affinity (shared/affinity.ts), on a scale symmetric around 0 (red helps, blue hurts).
import { AFFINITY_METRIC, parseAffinityPair } from '../../../shared/affinity.js';
import type { MetricRow } from '../../../shared/run.js';
import type { ChartOption } from '../compare/echarts.js';
import type { LiveChart } from './live-charts.js';

type T = (key: string, values?: Record<string, unknown>) => string;

export function affinityHeatmap(rows: readonly MetricRow[], tasks: string[], t: T): LiveChart {
  const cells = rows.filter((r) => r.split === 'diagnostics' && r.metric === AFFINITY_METRIC && parseAffinityPair(r.task));
  const pairOrder = (task: string) => {
    const p = parseAffinityPair(task)!;
    return tasks.indexOf(p.from) * 1000 + tasks.indexOf(p.to);
  };
  const pairs = [...new Set(cells.map((r) => r.task))].sort((a, b) => pairOrder(a) - pairOrder(b));
  const epochs = [...new Set(cells.map((r) => r.epoch))].sort((a, b) => a - b);
  const latest = new Map<string, MetricRow>();
  for (const r of cells) {
    const key = `${r.task}\u001f${r.epoch}`;
    const prev = latest.get(key);
    if (!prev || r.step >= prev.step) latest.set(key, r);
  }
  const data = [...latest.values()].map((r) => [epochs.indexOf(r.epoch), pairs.indexOf(r.task), r.value]);
  const extent = Math.max(1e-12, ...data.map((d) => Math.abs(d[2])));
  const label = (task: string) => {
    const p = parseAffinityPair(task)!;
    return `${p.from} → ${p.to}`;
  };
  const option: ChartOption = {
    animation: false,
    grid: { left: 90, right: 16, top: 12, bottom: 70 },
    tooltip: {
      formatter: (p: { value: number[] }) => `${t('runs.affinity.tooltip', { pair: label(pairs[p.value[1]]), epoch: epochs[p.value[0]] })}<br/><b>${p.value[2].toPrecision(3)}</b>`,
    },
    xAxis: { type: 'category', data: epochs.map(String), name: t('runs.live.axis.epoch'), nameLocation: 'middle', nameGap: 24, splitArea: { show: true } },
    yAxis: { type: 'category', data: pairs.map(label), inverse: true, splitArea: { show: true } },
    visualMap: {
      min: -extent,
      max: extent,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      precision: 4,
      text: [t('runs.affinity.helps'), t('runs.affinity.hurts')],
      inRange: { color: ['#2563eb', '#f8fafc', '#dc2626'] },
    },
    series: [{ type: 'heatmap', data, label: { show: epochs.length <= 12 && pairs.length <= 12, formatter: (p: { value: number[] }) => p.value[2].toPrecision(2), fontSize: 10 } }],
  };
  const summary = pairs.map((p) => `${p}:${cells.filter((r) => r.task === p).length}:${latest.get(`${p}\u001f${epochs[epochs.length - 1]}`)?.value.toPrecision(6) ?? ''}`).join('|');
  return { option, summary, empty: data.length === 0 };
}

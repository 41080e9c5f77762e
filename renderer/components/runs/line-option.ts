// The line-chart option the live view draws with: x by epoch, step or time, a tooltip that names the x value
// in words ("Step 17", not "17.00") and stays inside its card, zoom and pan, axis names with units.
import type { ChartOption } from '../compare/echarts.js';
import { fmtDuration, fmtValue } from '../compare/format.js';

export type XMode = 'epoch' | 'step' | 'time';

export interface LiveSeries {
  name: string;
  points: [number, number][];
  color?: string;
  dashed?: boolean;
  area?: boolean;
  stack?: string;
  /** Drawn thin and light (raw per-step values under the epoch curves). */
  faint?: boolean;
}

export interface LineOpts {
  xMode: XMode;
  /** The x axis name, with its unit. */
  xName: string;
  /** The y axis name, with its unit where it has one. */
  yName?: string;
  yMin?: number;
  yMax?: number;
  legend?: boolean;
  /** The header of the tooltip for an x value, e.g. "Step 17". */
  xLabel: (x: number) => string;
  locale: string;
}

/** An x value in words for the tooltip header and the axis labels. */
export function fmtX(mode: XMode, x: number, locale: string): string {
  if (mode === 'time') return fmtDuration(x);
  if (mode === 'epoch' && !Number.isInteger(x)) return x.toLocaleString(locale, { maximumFractionDigits: 2 });
  return Math.round(x).toLocaleString(locale);
}

interface TipParam {
  marker?: string;
  seriesName?: string;
  value?: unknown;
  axisValue?: unknown;
}

function tooltip(opts: LineOpts) {
  return {
    trigger: 'axis',
    confine: true,
    formatter: (raw: TipParam | TipParam[]) => {
      const params = Array.isArray(raw) ? raw : [raw];
      if (!params.length) return '';
      const x = Number(params[0].axisValue ?? (params[0].value as number[] | undefined)?.[0]);
      const lines = params.map((p) => {
        const y = Array.isArray(p.value) ? p.value[1] : p.value;
        return `${p.marker ?? ''}${escapeHtml(p.seriesName ?? '')} <b>${typeof y === 'number' ? fmtValue(y) : '—'}</b>`;
      });
      return [`<b>${escapeHtml(opts.xLabel(x))}</b>`, ...lines].join('<br/>');
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export function lineOption(series: LiveSeries[], opts: LineOpts): ChartOption {
  const legend = opts.legend !== false;
  return {
    animation: false,
    grid: { left: 54, right: 16, top: legend ? 30 : 14, bottom: 38 },
    legend: legend ? { top: 0, left: 0, right: 0, type: 'scroll', itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } } : undefined,
    tooltip: tooltip(opts),
    axisPointer: { link: [{ xAxisIndex: 'all' }], label: { show: false } },
    // wheel with Shift zooms, drag pans; the page still scrolls with the plain wheel
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none', zoomOnMouseWheel: 'shift', moveOnMouseWheel: false, moveOnMouseMove: true }],
    xAxis: {
      type: 'value',
      name: opts.xName,
      nameLocation: 'middle',
      nameGap: 24,
      minInterval: opts.xMode === 'time' ? undefined : 1,
      scale: true,
      axisLabel: { fontSize: 11, formatter: (v: number) => fmtX(opts.xMode, v, opts.locale) },
      nameTextStyle: { fontSize: 11 },
    },
    yAxis: {
      type: 'value',
      name: opts.yName,
      nameLocation: 'middle',
      nameGap: 40,
      scale: opts.yMin === undefined,
      min: opts.yMin,
      max: opts.yMax,
      axisLabel: { fontSize: 11, formatter: (v: number) => v.toLocaleString(opts.locale, { maximumSignificantDigits: 4 }) },
      nameTextStyle: { fontSize: 11 },
    },
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      data: s.points,
      showSymbol: !s.faint && s.points.length < 30,
      symbolSize: 5,
      stack: s.stack,
      areaStyle: s.area ? { opacity: 0.25 } : undefined,
      lineStyle: { width: s.faint ? 1 : 1.8, type: s.dashed ? 'dashed' : 'solid', color: s.color, opacity: s.faint ? 0.45 : 1 },
      itemStyle: { color: s.color },
      emphasis: { focus: 'series' },
      z: s.faint ? 1 : 2,
    })),
  };
}

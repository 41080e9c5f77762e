// Overlaid curves share one x axis: the union of the runs' epochs, with null where a run has no value.
import type { CurveData } from '../compare.js';
import { unpackCurve, type CurvePoint } from './curves.js';

export interface AlignedCurves {
  epochs: number[];
  /** Per series id: one value (or null) per entry of `epochs`. */
  values: Record<string, (number | null)[]>;
}

export function alignByEpoch(curves: Record<string, readonly CurvePoint[]>): AlignedCurves {
  const set = new Set<number>();
  for (const points of Object.values(curves)) for (const p of points) set.add(p.epoch);
  const epochs = [...set].sort((a, b) => a - b);
  const index = new Map(epochs.map((e, i) => [e, i]));
  const values: Record<string, (number | null)[]> = {};
  for (const [id, points] of Object.entries(curves)) {
    const row: (number | null)[] = new Array(epochs.length).fill(null);
    for (const p of points) row[index.get(p.epoch)!] = Number.isFinite(p.value) ? p.value : null;
    values[id] = row;
  }
  return { epochs, values };
}

/**
 * The same from compact curves (getRunCurves). Where every curve covers the same epochs densely (the usual
 * case: runs of the same length), the values arrays are shared, not copied: treat them as read-only.
 */
export function alignCompact(curves: Record<string, CurveData | undefined>): AlignedCurves {
  const present = Object.values(curves).filter((c): c is CurveData => c !== undefined && c.values.length > 0);
  const first = present[0];
  if (first && present.every((c) => !c.epochs && c.firstEpoch === first.firstEpoch && c.values.length === first.values.length)) {
    const epochs = Array.from({ length: first.values.length }, (_, i) => first.firstEpoch + i);
    const values: Record<string, (number | null)[]> = {};
    for (const [id, c] of Object.entries(curves)) values[id] = c && c.values.length > 0 ? c.values : new Array(epochs.length).fill(null);
    // a column with no value anywhere is no epoch of any run: trim such ends, as the row-based path never has them
    return trimEmpty({ epochs, values });
  }
  const points: Record<string, CurvePoint[]> = {};
  for (const [id, c] of Object.entries(curves)) points[id] = c ? unpackCurve(c) : [];
  return alignByEpoch(points);
}

function trimEmpty(a: AlignedCurves): AlignedCurves {
  const cols = Object.values(a.values);
  const empty = (k: number) => cols.every((v) => v[k] === null);
  let lo = 0;
  let hi = a.epochs.length;
  while (lo < hi && empty(lo)) lo++;
  while (hi > lo && empty(hi - 1)) hi--;
  if (lo === 0 && hi === a.epochs.length) return a;
  const values: Record<string, (number | null)[]> = {};
  for (const [id, v] of Object.entries(a.values)) values[id] = v.slice(lo, hi);
  return { epochs: a.epochs.slice(lo, hi), values };
}

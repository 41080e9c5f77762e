// Overlaid curves share one x axis: the union of the runs' epochs, with null where a run has no value.
import type { CurveData } from './types.js';
import { curveEpochs } from './curves.js';

export interface AlignedCurves {
  epochs: number[];
  /** Per series id: one value (or null) per entry of `epochs`. */
  values: Record<string, (number | null)[]>;
}

/**
 * Where every curve covers the same epochs densely (the usual case: runs of the same length), the values arrays
 * are shared, not copied: treat them as read-only. Epochs where no curve has a value are left out.
 */
export function alignCurves(curves: Record<string, CurveData | undefined>): AlignedCurves {
  const present = Object.values(curves).filter((c): c is CurveData => c !== undefined && c.values.length > 0);
  const first = present[0];
  if (first && present.every((c) => !c.epochs && c.firstEpoch === first.firstEpoch && c.values.length === first.values.length)) {
    const epochs = curveEpochs(first);
    const values: Record<string, (number | null)[]> = {};
    for (const [id, c] of Object.entries(curves)) values[id] = c && c.values.length > 0 ? c.values : new Array(epochs.length).fill(null);
    return trimEmpty({ epochs, values });
  }
  const set = new Set<number>();
  for (const c of present) c.values.forEach((v, i) => v !== null && set.add(c.epochs ? c.epochs[i] : c.firstEpoch + i));
  const epochs = [...set].sort((a, b) => a - b);
  const index = new Map(epochs.map((e, i) => [e, i]));
  const values: Record<string, (number | null)[]> = {};
  for (const [id, c] of Object.entries(curves)) {
    const row: (number | null)[] = new Array(epochs.length).fill(null);
    if (c) c.values.forEach((v, i) => v !== null && (row[index.get(c.epochs ? c.epochs[i] : c.firstEpoch + i)!] = v));
    values[id] = row;
  }
  return { epochs, values };
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

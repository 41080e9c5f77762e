// Overlaid curves share one x axis: the union of the runs' epochs, with null where a run has no value.
import type { CurvePoint } from './curves.js';

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

// One curve shape (CurveData) from store to wire to UI: values by epoch from firstEpoch, null for a gap or a NaN;
// sparse or fractional epochs listed. curvesOfRows folds rows into it; what the Compare view draws from it must
// equal what the rows say.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alignCurves, curveKey, curvePoints, curvesOfRows, packCurve } from '../../shared/compare/index.js';
import type { MetricRow } from '../../shared/run.js';

/** Independently of curvesOfRows: per curve, epoch -> the value of its highest-step row (the later row on a tie). */
function byHand(rows: readonly MetricRow[]): Map<string, Map<number, number>> {
  const best = new Map<string, Map<number, { step: number; value: number }>>();
  for (const r of rows) {
    const k = curveKey(r.split, r.task, r.metric);
    if (!best.has(k)) best.set(k, new Map());
    const prev = best.get(k)!.get(r.epoch);
    if (!prev || r.step >= prev.step) best.get(k)!.set(r.epoch, { step: r.step, value: r.value });
  }
  return new Map([...best].map(([k, m]) => [k, new Map([...m].map(([e, v]) => [e, v.value]))]));
}

describe('curves', () => {
  it('packs dense epochs as values from firstEpoch, gaps and NaN as null; sparse epochs listed', () => {
    expect(packCurve('validation', 'a', 'accuracy', [1, 2, 4], [0.5, Number.NaN, 0.7])).toEqual({
      split: 'validation', task: 'a', metric: 'accuracy', firstEpoch: 1, values: [0.5, null, null, 0.7],
    });
    const sparse = packCurve('test', 'a', 'loss', [1, 500], [2, 1]);
    expect(sparse).toEqual({ split: 'test', task: 'a', metric: 'loss', firstEpoch: 1, values: [2, 1], epochs: [1, 500] });
    expect(curvePoints(sparse)).toEqual([[1, 2], [500, 1]]);
    expect(packCurve('train', '', 'loss', [], [])).toEqual({ split: 'train', task: '', metric: 'loss', firstEpoch: 0, values: [] });
    expect(packCurve('train', 'a', 'loss', [0.5, 1.5], [3, 4]).epochs).toEqual([0.5, 1.5]);
  });

  it('sorts rows that arrive out of epoch order and keeps the highest step of each epoch', () => {
    const r = (epoch: number, step: number, value: number) => ({ runId: 'x', epoch, step, split: 'train' as const, task: 'a', metric: 'loss', value });
    expect(curvesOfRows([r(2, 20, 5), r(1, 10, 7), r(2, 25, 4), r(1, 5, 9)]).map(curvePoints)).toEqual([[[1, 7], [2, 4]]]);
  });

  const arbRows = fc.array(
    fc.record({
      runId: fc.constantFrom('A', 'B', 'C'),
      epoch: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(90, 400)),
      step: fc.integer({ min: 0, max: 3 }),
      split: fc.constantFrom('train', 'validation', 'test' as const),
      task: fc.constantFrom('a', 'b', ''),
      metric: fc.constantFrom('accuracy', 'loss', 'mse'),
      value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }), fc.constant(Number.NaN)),
    }),
    { maxLength: 80 },
  );

  it('holds every finite point of every curve the rows name, at the highest step of its epoch (property)', () => {
    fc.assert(
      fc.property(arbRows, (rows: MetricRow[]) => {
        const want = byHand(rows);
        const got = curvesOfRows(rows);
        expect(got.map((c) => curveKey(c.split, c.task, c.metric)).sort()).toEqual([...want.keys()].sort());
        for (const c of got) {
          const finite = [...want.get(curveKey(c.split, c.task, c.metric))!].filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
          expect(curvePoints(c)).toEqual(finite);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('aligns runs on the union of their epochs, each value where its run has it (property)', () => {
    fc.assert(
      fc.property(arbRows, (rows: MetricRow[]) => {
        const key = curveKey('validation', 'a', 'accuracy');
        const ids = ['A', 'B', 'C'];
        const curves = Object.fromEntries(ids.map((id) => [id, curvesOfRows(rows.filter((r) => r.runId === id)).find((c) => curveKey(c.split, c.task, c.metric) === key)]));
        const got = alignCurves(curves);
        const union = new Set(ids.flatMap((id) => curvePoints(curves[id]).map(([e]) => e)));
        expect(got.epochs).toEqual([...union].sort((a, b) => a - b));
        for (const id of ids) {
          const at = new Map(got.epochs.map((e, i) => [e, got.values[id][i]] as const).filter(([, v]) => v !== null));
          expect(at).toEqual(new Map(curvePoints(curves[id])));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('with steps: every value with its epoch and the step of its row, epochs listed (the live view by step)', () => {
    const r = (epoch: number, step: number, value: number) => ({ runId: 'x', epoch, step, split: 'train' as const, task: 'a', metric: 'loss', value });
    const [c] = curvesOfRows([r(2, 20, 5), r(1, 10, 7), r(2, 25, 4), r(4, 40, Number.NaN)], { steps: true });
    expect(c).toMatchObject({ epochs: [1, 2, 4], steps: [10, 25, 40], values: [7, 4, null] });
  });

  it('shares the value arrays of runs of the same length (no copy)', () => {
    const a = packCurve('validation', 't', 'accuracy', [1, 2, 3], [0.1, 0.2, 0.3]);
    const b = packCurve('validation', 't', 'accuracy', [1, 2, 3], [0.4, 0.5, 0.6]);
    const aligned = alignCurves({ a, b, c: undefined });
    expect(aligned.epochs).toEqual([1, 2, 3]);
    expect(aligned.values.a).toBe(a.values);
    expect(aligned.values.c).toEqual([null, null, null]);
  });
});

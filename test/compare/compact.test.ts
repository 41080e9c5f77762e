// The compact curve form getRunCurves sends: values by epoch from firstEpoch, null for a gap or a NaN; sparse
// or fractional epochs listed. What the Compare view draws and tabulates from it must equal what the rows say.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alignByEpoch, alignCompact, columnCurves, curvesOf, curveKey, packCurve, summarizeCompact, summarizeCurves, unpackCurve } from '../../shared/compare/index.js';
import type { MetricRow } from '../../shared/run.js';

describe('compact curves', () => {
  it('packs dense epochs as values from firstEpoch, gaps and NaN as null; sparse epochs listed', () => {
    expect(packCurve('validation', 'a', 'accuracy', [1, 2, 4], [0.5, Number.NaN, 0.7])).toEqual({
      split: 'validation', task: 'a', metric: 'accuracy', firstEpoch: 1, values: [0.5, null, null, 0.7],
    });
    const sparse = packCurve('test', 'a', 'loss', [1, 500], [2, 1]);
    expect(sparse).toEqual({ split: 'test', task: 'a', metric: 'loss', firstEpoch: 1, values: [2, 1], epochs: [1, 500] });
    expect(unpackCurve(sparse)).toEqual([{ epoch: 1, value: 2 }, { epoch: 500, value: 1 }]);
    expect(packCurve('train', '', 'loss', [], [])).toEqual({ split: 'train', task: '', metric: 'loss', firstEpoch: 0, values: [] });
    expect(packCurve('train', 'a', 'loss', [0.5, 1.5], [3, 4]).epochs).toEqual([0.5, 1.5]);
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

  it('round-trips every finite point of every curve, and summarizes as the rows do (property)', () => {
    fc.assert(
      fc.property(arbRows, (rows: MetricRow[]) => {
        const fromRows = curvesOf(rows);
        const compact = columnCurves(rows).map((c) => packCurve(c.split, c.task, c.metric, c.epochs, c.values));
        for (const c of compact) {
          const finite = fromRows.get(curveKey(c.split, c.task, c.metric))!.filter((p) => Number.isFinite(p.value));
          expect(unpackCurve(c)).toEqual(finite);
        }
        // summaries agree except where a curve holds only NaN (it reads as no values in compact form)
        const nanOnly = [...fromRows.values()].some((p) => p.length > 0 && p.every((x) => !Number.isFinite(x.value)));
        if (!nanOnly) expect(summarizeCompact(compact)).toEqual(summarizeCurves(fromRows));
      }),
      { numRuns: 200 },
    );
  });

  it('aligns runs by epoch as the row-based alignment does, wherever a value exists (property)', () => {
    fc.assert(
      fc.property(arbRows, (rows: MetricRow[]) => {
        const key = curveKey('validation', 'a', 'accuracy');
        const ids = ['A', 'B', 'C'];
        const byRun = Object.fromEntries(ids.map((id) => [id, rows.filter((r) => r.runId === id)]));
        const points = Object.fromEntries(ids.map((id) => [id, (curvesOf(byRun[id]).get(key) ?? []).filter((p) => Number.isFinite(p.value))]));
        const compact = Object.fromEntries(
          ids.map((id) => [id, columnCurves(byRun[id]).filter((c) => curveKey(c.split, c.task, c.metric) === key).map((c) => packCurve(c.split, c.task, c.metric, c.epochs, c.values))[0]]),
        );
        const want = alignByEpoch(points);
        const got = alignCompact(compact);
        // the same value at every epoch that has one; extra epochs only where no run has a value
        const at = (a: typeof want, id: string) => new Map(a.epochs.map((e, i) => [e, a.values[id][i]] as const).filter(([, v]) => v !== null));
        for (const id of ids) expect(at(got, id)).toEqual(at(want, id));
        for (const [i, e] of got.epochs.entries()) if (!want.epochs.includes(e)) expect(ids.every((id) => got.values[id][i] === null)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('shares the value arrays of runs of the same length (no copy)', () => {
    const a = packCurve('validation', 't', 'accuracy', [1, 2, 3], [0.1, 0.2, 0.3]);
    const b = packCurve('validation', 't', 'accuracy', [1, 2, 3], [0.4, 0.5, 0.6]);
    const aligned = alignCompact({ a, b, c: undefined });
    expect(aligned.epochs).toEqual([1, 2, 3]);
    expect(aligned.values.a).toBe(a.values);
    expect(aligned.values.c).toEqual([null, null, null]);
  });
});

import { describe, expect, it } from 'vitest';
import { compareRows as computeRows, config, rows, run } from './fixtures.js';

// Run A (equal weighting) and run B (PCGrad), each with single-task baselines trained for it; validation rows
// only (no test split), so the values are validation values at the selected epoch. By hand:
// Baselines: left accuracy 0.70 0.75 -> its own selection (mean-normalized, one task) picks epoch 1: 0.75.
//   price mse 1.30 1.20, mae 1.25 1.30 -> primary metric mse picks epoch 1: mse 1.20, mae 1.30 (not mae's best 1.25).
// A (default rule with baselines = validation Δm against them, per epoch):
//   e0: left (0.80−0.75)/0.75 = +6.67; price (−50 + 0)/2 = −25          -> −9.17
//   e1: left (0.90−0.75)/0.75 = +20;   price (−25 + 23.08)/2 = −0.96     -> +9.52  selected
//   e2: left +13.33; price (−33.33 + 15.38)/2 = −8.97                    -> +2.18
//   values at epoch 1: accuracy 0.90, loss 0.40, mse 1.50, mae 1.00; last: 0.85, 0.50, 1.60, 1.10
//   Δm(A) = (20 + (−25 + 23.0769…)/2) / 2 = 9.5192…
// B: e0 −5.58, e1 +3.46 -> epoch 1: accuracy 0.88, mse 1.45 (not its best 1.40), mae 1.30
//   Δm(B) = (17.333… + (−20.833… + 0)/2) / 2 = 3.4583…
function input() {
  const A = run('A');
  const B = run('B', {}, { weighting: { name: 'pcgrad', params: {} }, seed: 1 });
  const stl = (id: string, of: string, task: string) => run(id, { baselineOf: of, baselineTask: task });
  const baselines = [stl('A-left', 'A', 'left'), stl('A-price', 'A', 'price'), stl('B-left', 'B', 'left'), stl('B-price', 'B', 'price')];
  const metrics = {
    A: [
      ...rows('A', 'validation', 'left', 'accuracy', [0.8, 0.9, 0.85]),
      ...rows('A', 'validation', 'left', 'loss', [0.6, 0.4, 0.5]),
      ...rows('A', 'validation', 'price', 'mse', [1.8, 1.5, 1.6]),
      ...rows('A', 'validation', 'price', 'mae', [1.3, 1.0, 1.1]),
      ...rows('A', 'train', 'left', 'accuracy', [0.99, 0.99, 0.99]),
      ...rows('A', 'diagnostics', 'left', 'weight', [1, 1, 1]),
      ...rows('A', 'train', '', 'loss', [3, 2, 1]),
    ],
    B: [
      ...rows('B', 'validation', 'left', 'accuracy', [0.7, 0.88]),
      ...rows('B', 'validation', 'price', 'mse', [1.4, 1.45]),
      ...rows('B', 'validation', 'price', 'mae', [1.2, 1.3]),
    ],
  };
  const leftBase = (id: string) => rows(id, 'validation', 'left', 'accuracy', [0.7, 0.75]);
  const priceBase = (id: string) => [...rows(id, 'validation', 'price', 'mse', [1.3, 1.2]), ...rows(id, 'validation', 'price', 'mae', [1.25, 1.3])];
  const baselineMetrics = { 'A-left': leftBase('A-left'), 'B-left': leftBase('B-left'), 'A-price': priceBase('A-price'), 'B-price': priceBase('B-price') };
  return { runs: [A, B], metrics, baselines, baselineMetrics };
}

describe('computeComparison', () => {
  const result = computeRows(input());
  const row = (task: string, metric: string) => result.rows.find((r) => r.task === task && r.metric === metric)!;

  it('lists one row per task and metric of the evaluation split, loss last, diagnostics and run-wide rows left out', () => {
    expect(result.rows.map((r) => `${r.task}/${r.metric}`)).toEqual(['left/accuracy', 'left/loss', 'price/mse', 'price/mae']);
    expect(result.selections.A).toMatchObject({ epoch: 1, rule: { kind: 'delta-m' }, split: 'validation', reportSplit: 'validation' });
    expect(result.selections.B).toMatchObject({ epoch: 1, rule: { kind: 'delta-m' }, split: 'validation', reportSplit: 'validation' });
  });

  it('takes every value at the selected epoch, and last at the last epoch', () => {
    expect(row('left', 'accuracy').cells.A).toMatchObject({ value: 0.9, last: 0.85 });
    expect(row('left', 'loss').cells.A).toMatchObject({ value: 0.4, last: 0.5 });
    expect(row('price', 'mse').cells.A).toMatchObject({ value: 1.5, last: 1.6 });
    expect(row('price', 'mse').cells.B).toMatchObject({ value: 1.45, last: 1.45 }); // not B's best mse 1.40 (epoch 0)
    expect(row('price', 'mae').cells.B).toMatchObject({ value: 1.3, last: 1.3 });
    expect(row('left', 'loss').cells.B).toMatchObject({ value: null, last: null });
  });

  it('names the best run per row by direction', () => {
    expect(row('left', 'accuracy').bestRunId).toBe('A'); // 0.90 > 0.88
    expect(row('price', 'mse').bestRunId).toBe('B'); // 1.45 < 1.50, lower is better
    expect(row('price', 'mae').bestRunId).toBe('A'); // 1.00 < 1.20
    expect(row('left', 'loss').bestRunId).toBe('A'); // only A has it
    expect(row('price', 'mse').higherIsBetter).toBe(false);
  });

  it('computes Δm% with the sign by direction, positive = better', () => {
    expect(result.deltaMByTask!.A.left).toBeCloseTo(20, 10);
    expect(result.deltaMByTask!.A.price).toBeCloseTo((-25 + (0.3 / 1.3) * 100) / 2, 10);
    expect(result.deltaM.A).toBeCloseTo((20 + (-25 + (0.3 / 1.3) * 100) / 2) / 2, 10);
    expect(result.deltaMByTask!.B.left).toBeCloseTo(17.3333333333, 8);
    expect(result.deltaMByTask!.B.price).toBeCloseTo(-10.4166666667, 8);
    expect(result.deltaM.B).toBeCloseTo(3.4583333333, 8);
    expect(result.baselineRunIds).toEqual(['A-left', 'A-price', 'B-left', 'B-price']);
  });

  it('reports the config keys that differ, and only those', () => {
    expect(result.configDiff).toEqual({ 'weighting.name': { A: 'ew', B: 'pcgrad' } });
    expect(result.seedGroups).toEqual([]);
  });
});

describe('Δm for lower-is-better metrics', () => {
  const regression = (mtl: number, stl: number) =>
    computeRows({
      runs: [run('M')],
      metrics: { M: rows('M', 'validation', 'y', 'mse', [mtl]) },
      baselines: [run('S', { baselineOf: 'M', baselineTask: 'y' })],
      baselineMetrics: { S: rows('S', 'validation', 'y', 'mse', [stl]) },
    }).deltaM.M;

  it('is positive where the MTL error is lower than the single-task error', () => {
    expect(regression(0.9, 1.0)).toBeCloseTo(10, 10); // −(0.9 − 1.0)/1.0 · 100
    expect(regression(1.1, 1.0)).toBeCloseTo(-10, 10);
    expect(regression(0.5, 2.0)).toBeCloseTo(75, 10);
  });

  it('divides by |STL| so a negative baseline (R²) keeps the sign meaning', () => {
    const r2 = computeRows({
      runs: [run('M')],
      metrics: { M: rows('M', 'validation', 'y', 'r2', [-0.1]) },
      baselines: [run('S', { baselineOf: 'M', baselineTask: 'y' })],
      baselineMetrics: { S: rows('S', 'validation', 'y', 'r2', [-0.2]) },
    }).deltaM.M;
    expect(r2).toBeCloseTo(50, 10); // (−0.1 − (−0.2)) / 0.2 · 100, higher is better
  });
});

describe('baselines', () => {
  it('is null where a task has no baseline', () => {
    const r = computeRows({
      runs: [run('M')],
      metrics: { M: [...rows('M', 'validation', 'a', 'accuracy', [0.5]), ...rows('M', 'validation', 'b', 'accuracy', [0.5])] },
      baselines: [run('S', { baselineOf: 'M', baselineTask: 'a' })],
      baselineMetrics: { S: rows('S', 'validation', 'a', 'accuracy', [0.4]) },
    });
    expect(r.deltaMByTask!.M).toEqual({ a: expect.closeTo(25, 10), b: null });
    expect(r.deltaM.M).toBeNull();
  });

  it('uses a chosen multi-task run as the baseline for every task it has', () => {
    const r = computeRows({
      runs: [run('M'), run('N')],
      metrics: {
        M: [...rows('M', 'validation', 'a', 'accuracy', [0.6]), ...rows('M', 'validation', 'b', 'mae', [2])],
        N: [...rows('N', 'validation', 'a', 'accuracy', [0.5]), ...rows('N', 'validation', 'b', 'mae', [4])],
      },
      baselines: [run('N')],
      baselineMetrics: {},
    });
    // M vs N: a (0.6 − 0.5)/0.5 = +20; b −(2 − 4)/4 = +50; Δm = 35. N vs itself: 0.
    expect(r.deltaM.M).toBeCloseTo(35, 10);
    expect(r.deltaM.N).toBe(0);
  });

  it('averages several covering baselines and ignores those on other datasets', () => {
    const r = computeRows({
      runs: [run('M')],
      metrics: { M: rows('M', 'validation', 'a', 'accuracy', [0.6]) },
      baselines: [
        run('S1', { baselineTask: 'a' }),
        run('S2', { baselineTask: 'a' }),
        run('S3', { baselineTask: 'a', datasetIds: ['other'] }),
      ],
      baselineMetrics: {
        S1: rows('S1', 'validation', 'a', 'accuracy', [0.4]),
        S2: rows('S2', 'validation', 'a', 'accuracy', [0.6]),
        S3: rows('S3', 'validation', 'a', 'accuracy', [0.1]),
      },
    });
    expect(r.deltaM.M).toBeCloseTo(20, 10); // baseline mean 0.5
  });
});

describe('reported split', () => {
  it('reports the test split where the run has test rows, validation otherwise, train as the last resort', () => {
    const r = computeRows({
      runs: [run('T'), run('V'), run('R')],
      metrics: {
        T: [...rows('T', 'validation', 'a', 'accuracy', [0.5, 0.9]), ...rows('T', 'test', 'a', 'accuracy', [0.7])],
        V: [...rows('V', 'validation', 'a', 'accuracy', [0.6, 0.8]), ...rows('V', 'train', 'a', 'accuracy', [0.99, 0.99])],
        R: rows('R', 'train', 'a', 'accuracy', [0.3, 0.4]),
      },
      baselines: [],
      baselineMetrics: {},
    });
    expect(Object.fromEntries(Object.entries(r.selections).map(([id, s]) => [id, [s.reportSplit, s.split, s.epoch]]))).toEqual({
      T: ['test', 'validation', 1], V: ['validation', 'validation', 1], R: ['train', 'train', 1],
    });
    // T's test value exists at epoch 0 only: at its selected epoch (1) it has none
    expect(r.rows[0].cells).toMatchObject({ T: { value: null, last: 0.7 }, V: { value: 0.8, last: 0.8 }, R: { value: 0.4, last: 0.4 } });
    expect(r.rows[0].bestRunId).toBe('V');
    expect(r.deltaM).toEqual({ T: null, V: null, R: null });
  });

  it('takes the row with the highest step where an epoch has several', () => {
    const r = computeRows({
      runs: [run('M')],
      metrics: {
        M: [
          { runId: 'M', epoch: 0, step: 5, split: 'validation', task: 'a', metric: 'accuracy', value: 0.9 },
          { runId: 'M', epoch: 0, step: 10, split: 'validation', task: 'a', metric: 'accuracy', value: 0.6 },
        ],
      },
      baselines: [],
      baselineMetrics: {},
    });
    expect(r.rows[0].cells.M).toMatchObject({ value: 0.6, last: 0.6 });
  });
});

describe('seed groups', () => {
  it('gives mean ± std (n − 1) and the 95% interval over runs that differ only in seed, name and tags', () => {
    const r = computeRows({
      runs: [run('s1', {}, { seed: 1 }), run('s2', {}, { seed: 2, name: 'again', tags: ['x'] }), run('other', {}, { seed: 3, epochs: 9 })],
      metrics: {
        s1: rows('s1', 'validation', 'a', 'accuracy', [0.9]),
        s2: rows('s2', 'validation', 'a', 'accuracy', [0.86]),
        other: rows('other', 'validation', 'a', 'accuracy', [0.5]),
      },
      baselines: [],
      baselineMetrics: {},
    });
    expect(r.seedGroups).toEqual([['s1', 's2']]);
    const cells = r.rows[0].cells;
    expect(cells.s1.stats!.mean).toBeCloseTo(0.88, 12);
    expect(cells.s1.stats!.std).toBeCloseTo(Math.sqrt(0.02 ** 2 * 2), 12); // sqrt((0.02² + 0.02²) / 1) = 0.028284…
    // t(0.975, 1) = 12.7062 (table): 0.88 ± 12.7062 · 0.028284 / √2 = 0.88 ± 0.254124
    expect(cells.s1.stats!.ci95![0]).toBeCloseTo(0.88 - 0.254124, 4);
    expect(cells.s2.stats!.mean).toBeCloseTo(0.88, 12);
    // a run alone: n = 1, no spread, no interval
    expect(cells.other.stats).toEqual({ n: 1, mean: 0.5, std: null, ci95: null });
    expect(r.configDiff.seed).toEqual({ s1: 1, s2: 2, other: 3 });
    expect(r.configDiff.epochs).toEqual({ s1: 3, s2: 3, other: 9 });
  });
});

describe('config diff', () => {
  it('keys design nodes by id, ignores canvas positions and run names, shows absent keys as null', () => {
    const base = config();
    const moved = config({ name: 'renamed', clipNorm: 1 });
    moved.design = structuredClone(base.design);
    moved.design.nodes[0].position = { x: 999, y: 999 };
    moved.design.nodes[1].params = { units: 128 };
    const r = computeRows({
      runs: [run('a', { config: base }), run('b', { config: moved })],
      metrics: {},
      baselines: [],
      baselineMetrics: {},
    });
    expect(r.configDiff).toEqual({
      clipNorm: { a: null, b: 1 },
      'design.nodes.shared.params.units': { a: 64, b: 128 },
    });
  });
});

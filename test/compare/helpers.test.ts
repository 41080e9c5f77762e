import { describe, expect, it } from 'vitest';
import { alignByEpoch, comparisonToCsv, curveOf, emaSmooth, headlineMetric, paretoFront } from '../../shared/compare/index.js';
import type { CompareResult } from '../../shared/compare.js';
import { rows } from './fixtures.js';

describe('alignByEpoch', () => {
  it('puts runs with different epochs on one axis, null where a run has no value', () => {
    const a = alignByEpoch({
      r1: [{ epoch: 0, value: 1 }, { epoch: 1, value: 2 }, { epoch: 2, value: 3 }],
      r2: [{ epoch: 1, value: 5 }, { epoch: 3, value: NaN }, { epoch: 2, value: 6 }],
    });
    expect(a.epochs).toEqual([0, 1, 2, 3]);
    expect(a.values).toEqual({ r1: [1, 2, 3, null], r2: [null, 5, 6, null] });
  });

  it('sorts rows that arrive out of epoch order and keeps the highest step of each epoch', () => {
    const r = (epoch: number, step: number, value: number) => ({ runId: 'x', epoch, step, split: 'train' as const, task: 'a', metric: 'loss', value });
    expect(curveOf([r(2, 20, 5), r(1, 10, 7), r(2, 25, 4), r(1, 5, 9)], 'train', 'a', 'loss')).toEqual([{ epoch: 1, value: 7 }, { epoch: 2, value: 4 }]);
    expect(curveOf([r(1, 10, 7), r(1, 5, 9), r(2, 20, 5)], 'train', 'a', 'loss')).toEqual([{ epoch: 1, value: 7 }, { epoch: 2, value: 5 }]);
  });

  it('reads one curve of a run out of its rows', () => {
    const r = [...rows('x', 'train', 'a', 'loss', [3, 2]), ...rows('x', 'validation', 'a', 'loss', [4, 1])];
    expect(curveOf(r, 'validation', 'a', 'loss')).toEqual([{ epoch: 0, value: 4 }, { epoch: 1, value: 1 }]);
  });
});

describe('emaSmooth', () => {
  it('smooths with the debiased moving average (weight 0.5 on 1, 2, 3 -> 1, 5/3, 17/7)', () => {
    // last = 0.5·0 + 0.5·1 = 0.5 -> 0.5 / (1 − 0.5) = 1
    // last = 0.5·0.5 + 0.5·2 = 1.25 -> 1.25 / (1 − 0.25) = 5/3
    // last = 0.5·1.25 + 0.5·3 = 2.125 -> 2.125 / (1 − 0.125) = 17/7
    const s = emaSmooth([1, 2, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(5 / 3, 12);
    expect(s[2]).toBeCloseTo(17 / 7, 12);
  });

  it('keeps the data at weight 0 and keeps gaps as gaps', () => {
    expect(emaSmooth([1, null, 3], 0)).toEqual([1, null, 3]);
    const s = emaSmooth([2, null, 2], 0.9);
    expect(s[1]).toBeNull();
    expect(s[2]).toBeCloseTo(2, 12);
  });
});

describe('paretoFront', () => {
  const pts = [
    { id: 'a', x: 0.9, y: 0.5 },
    { id: 'b', x: 0.8, y: 0.7 },
    { id: 'c', x: 0.7, y: 0.6 }, // dominated by b (lower x, lower y)
    { id: 'd', x: 0.6, y: 0.9 },
    { id: 'e', x: 0.9, y: 0.4 }, // dominated by a (same x, lower y)
    { id: 'f', x: 0.6, y: 0.9 }, // duplicate of d: not dominated
  ];

  it('keeps the non-dominated points when both are higher-is-better', () => {
    expect(paretoFront(pts, true, true)).toEqual(['a', 'b', 'd', 'f']);
  });

  it('follows each axis direction', () => {
    // x lower is better (an error), y higher is better: best x is 0.6 (d, f with y 0.9) which dominate all.
    expect(paretoFront(pts, false, true)).toEqual(['d', 'f']);
    // Both lower is better: e (0.9, 0.4) has the lowest y and dominates a (same x, higher y); c (0.7, 0.6)
    // dominates b (0.8, 0.7); d and f have the lowest x. Nothing is lower than c on both axes.
    expect(paretoFront(pts, false, false)).toEqual(['c', 'd', 'e', 'f']);
  });

  it('skips points without a value', () => {
    expect(paretoFront([{ id: 'n', x: NaN, y: 1 }, { id: 'k', x: 0, y: 0 }], true, true)).toEqual(['k']);
  });
});

describe('comparisonToCsv', () => {
  const result: CompareResult = {
    runIds: ['r1', 'r2'],
    rows: [
      { task: 'left', metric: 'accuracy', higherIsBetter: true, bestRunId: 'r1', cells: { r1: { best: 0.9, last: 0.85, mean: 0.88, std: 0.02 }, r2: { best: 0.86, last: 0.8, mean: 0.88, std: 0.02 } } },
      { task: 'price, $', metric: 'mse', higherIsBetter: false, bestRunId: 'r2', cells: { r1: { best: null, last: null }, r2: { best: 1.5, last: 1.6 } } },
    ],
    deltaM: { r1: 8.75, r2: null },
    baselineRunIds: [],
    configDiff: {},
    evaluationSplits: { r1: 'validation', r2: 'validation' },
    seedGroups: [['r1', 'r2']],
  };

  it('writes a header, one line per row, the Δm line, with quoting', () => {
    const csv = comparisonToCsv(result, { r1: 'EW "a"', r2: 'PCGrad' });
    expect(csv.split('\r\n')).toEqual([
      'task,metric,direction,split,"EW ""a"" best","EW ""a"" last","EW ""a"" mean","EW ""a"" std",PCGrad best,PCGrad last,PCGrad mean,PCGrad std,best run',
      'left,accuracy,higher is better,validation,0.9,0.85,0.88,0.02,0.86,0.8,0.88,0.02,"EW ""a"""',
      '"price, $",mse,lower is better,validation,,,,,1.5,1.6,,,PCGrad',
      'Δm%,,higher is better,validation,8.75,,,,,,,,',
      '',
    ]);
  });
});

describe('headlineMetric', () => {
  it('picks the first non-loss metric in catalog order', () => {
    expect(headlineMetric(['loss', 'f1', 'accuracy'])).toBe('accuracy');
    expect(headlineMetric(['loss', 'mae', 'mse'])).toBe('mse');
    expect(headlineMetric(['loss'])).toBe('loss');
    expect(headlineMetric(['weight'])).toBeNull();
  });
});

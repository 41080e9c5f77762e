import { describe, expect, it } from 'vitest';
import { comparisonToCsv, emaSmooth, headlineMetric, paretoFront } from '../../shared/compare/index.js';
import type { CompareResult } from '../../shared/compare/types.js';

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
  const sel = (epoch: number) => ({ epoch, rule: { kind: 'mean-normalized' as const }, split: 'validation' as const, reportSplit: 'test' as const, weightsEpoch: epoch });
  const stats = { n: 2, mean: 0.88, std: 0.02, ci95: [0.7, 1.06] as [number, number] };
  const result: CompareResult = {
    runIds: ['r1', 'r2'],
    rows: [
      { task: 'left', metric: 'accuracy', higherIsBetter: true, bestRunId: 'r1', cells: { r1: { value: 0.9, last: 0.85, stats }, r2: { value: 0.86, last: 0.8, stats } } },
      { task: 'price, $', metric: 'mse', higherIsBetter: false, bestRunId: 'r2', cells: { r1: { value: null, last: null }, r2: { value: 1.5, last: 1.6 } } },
    ],
    deltaM: { r1: 8.75, r2: null },
    baselineRunIds: [],
    configDiff: {},
    selections: { r1: sel(3), r2: sel(5) },
    seedGroups: [['r1', 'r2']],
    referenceGroup: ['r1', 'r2'],
  };

  it('writes a header, one line per row with each value\'s split and epoch, the Δm line, with quoting', () => {
    const csv = comparisonToCsv(result, { r1: 'EW "a"', r2: 'PCGrad' });
    const cols = ['value', 'split', 'epoch', 'selected by', 'last', 'mean', 'std', 'ci95 low', 'ci95 high', 'n'];
    const header = ['task', 'metric', 'direction', ...cols.map((c) => `"EW ""a"" ${c}"`), ...cols.map((c) => `PCGrad ${c}`), 'best run'].join(',');
    expect(csv.split('\r\n')).toEqual([
      header,
      'left,accuracy,higher is better,0.9,test,3,mean-normalized on validation,0.85,0.88,0.02,0.7,1.06,2,0.86,test,5,mean-normalized on validation,0.8,0.88,0.02,0.7,1.06,2,"EW ""a"""',
      '"price, $",mse,lower is better,,test,3,mean-normalized on validation,,,,,,,1.5,test,5,mean-normalized on validation,1.6,,,,,,PCGrad',
      'Δm%,,higher is better,8.75,test,3,mean-normalized on validation,,,,,,,,test,5,mean-normalized on validation,,,,,,,',
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

import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../shared/metrics.js';
import { computeMetrics, getMetric, listMetrics, metricsForTask } from '../../../electron/engine/metrics/registry.js';

const N = NaN;

describe('metrics', () => {
  it('every registered metric has a direction in shared/metrics.ts', () => {
    for (const m of listMetrics()) expect(METRICS[m.name], m.name).toBeDefined();
    expect(listMetrics().map((m) => m.name).sort()).toEqual(['accuracy', 'auc', 'f1', 'mae', 'mse', 'r2', 'rmse']);
  });

  it('accuracy skips rows without a label', () => {
    const acc = getMetric('accuracy').compute({ labels: [0, 1, N, 2, N], predictions: [0, 2, 1, 2, 0] });
    expect(acc).toBeCloseTo(2 / 3, 12);
    expect(getMetric('accuracy').compute({ labels: [N, N], predictions: [1, 1] })).toBeNaN();
  });

  it('macro F1 averages per-class F1 over the classes seen (scikit-learn convention)', () => {
    // y = [0,0,1,1,2], p = [0,1,1,1,0]: F1(0)=2·1/(2+1+1)=0.5, F1(1)=2·2/(4+1+0)=0.8, F1(2)=0 → 1.3/3
    const v = getMetric('f1').compute({ labels: [0, 0, 1, 1, 2, N], predictions: [0, 1, 1, 1, 0, 2] });
    expect(v).toBeCloseTo(1.3 / 3, 12);
    expect(getMetric('f1').compute({ labels: [1, 0, 1], predictions: [1, 0, 1] })).toBe(1);
  });

  it('AUC counts ordered positive/negative pairs, ties as one half', () => {
    // positives 0.8, 0.4; negatives 0.4, 0.1 → pairs: (0.8>0.4)=1, (0.8>0.1)=1, (0.4=0.4)=0.5, (0.4>0.1)=1 → 3.5/4
    const v = getMetric('auc').compute({ labels: [1, 1, 0, 0, N], predictions: [1, 0, 0, 0, 0], scores: [0.8, 0.4, 0.4, 0.1, 0.99] });
    expect(v).toBeCloseTo(0.875, 12);
    expect(getMetric('auc').compute({ labels: [1, 1], predictions: [1, 1], scores: [0.2, 0.3] })).toBeNaN();
    const perfect = getMetric('auc').compute({ labels: [0, 0, 1, 1], predictions: [0, 0, 1, 1], scores: [0.1, 0.2, 0.7, 0.9] });
    expect(perfect).toBe(1);
  });

  it('regression metrics on labelled rows', () => {
    const labels = [1, 2, N, 3, 4];
    const predictions = [1.5, 2, 100, 2, 4];
    // errors: 0.5, 0, -1, 0 → mse 1.25/4, mae 1.5/4; ss_tot of [1,2,3,4] = 5
    expect(getMetric('mse').compute({ labels, predictions })).toBeCloseTo(0.3125, 12);
    expect(getMetric('mae').compute({ labels, predictions })).toBeCloseTo(0.375, 12);
    expect(getMetric('rmse').compute({ labels, predictions })).toBeCloseTo(Math.sqrt(0.3125), 12);
    expect(getMetric('r2').compute({ labels, predictions })).toBeCloseTo(1 - 1.25 / 5, 12);
    expect(getMetric('r2').compute({ labels: [2, 2], predictions: [2, 2] })).toBe(1);
  });

  it('picks metrics by task kind and drops undefined values', () => {
    expect(metricsForTask('binary')).toEqual(['accuracy', 'auc', 'f1']);
    expect(metricsForTask('multiclass', ['accuracy', 'auc', 'loss'])).toEqual(['accuracy']);
    expect(metricsForTask('regression')).toEqual(['mse', 'mae', 'rmse', 'r2']);
    const out = computeMetrics(['accuracy', 'auc'], { labels: [1, 1], predictions: [1, 0], scores: [0.9, 0.1] });
    expect(out).toEqual({ accuracy: 0.5 });
    expect(() => getMetric('bleu')).toThrow(/Unknown metric 'bleu'/);
  });
});

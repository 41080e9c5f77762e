// The run summary: one epoch selected on validation by the config's rule, values at it on the reported split.
import { describe, expect, it } from 'vitest';
import { curvesOfRows } from '../../shared/compare/curves.js';
import { summarizeRun } from '../../shared/results/summary.js';
import type { MetricRow, Split } from '../../shared/run.js';

const rows = (split: Split, task: string, metric: string, values: number[]): MetricRow[] =>
  values.map((value, i) => ({ runId: 'r', epoch: i + 1, step: (i + 1) * 10, split, task, metric, value }));

// a: accuracy peaks on validation at epoch 2, on test at epoch 4; b: mse (lower is better) best on validation at 3.
const RUN = [
  ...rows('validation', 'a', 'accuracy', [0.6, 0.8, 0.7, 0.65]),
  ...rows('validation', 'a', 'loss', [0.9, 0.5, 0.45, 0.4]),
  ...rows('validation', 'b', 'mse', [2.0, 1.9, 1.5, 1.8]),
  ...rows('validation', 'b', 'loss', [2.0, 1.9, 1.5, 1.8]),
  ...rows('validation', '', 'loss', [2.9, 2.4, 1.95, 2.2]),
  ...rows('test', 'a', 'accuracy', [0.61, 0.79, 0.72, 0.9]),
  ...rows('test', 'b', 'mse', [2.1, 1.8, 1.6, 1.2]),
  ...rows('train', 'a', 'accuracy', [0.7, 0.9, 0.95, 0.99]),
];
const curves = curvesOfRows(RUN);

describe('summarizeRun', () => {
  it('default (no baselines): the mean over tasks of each primary metric relative to epoch 1', () => {
    // a: (v − 0.6)/0.6: 0, .333, .167, .083; b: −(v − 2)/2: 0, .05, .25, .1 -> means 0, .192, .208, .092 -> epoch 3
    const s = summarizeRun(curves);
    expect(s.rule).toEqual({ kind: 'mean-normalized' });
    expect(s.selected).toMatchObject({ epoch: 3, split: 'validation' });
    expect(s.split).toBe('test');
    expect(s.tasks.a.accuracy).toEqual({ value: 0.72, last: 0.9, lastEpoch: 4 }); // not the test max 0.9
    expect(s.tasks.b.mse).toEqual({ value: 1.6, last: 1.2, lastEpoch: 4 });
    expect(s.selectionValues).toEqual({ a: { accuracy: 0.7, loss: 0.45 }, b: { mse: 1.5, loss: 1.5 } });
  });

  it('each rule picks its epoch', () => {
    const epoch = (selection: Parameters<typeof summarizeRun>[1]) => summarizeRun(curves, selection).selected?.epoch;
    expect(epoch({ selection: { kind: 'task-metric', task: 'a', metric: 'accuracy' } })).toBe(2);
    expect(epoch({ selection: { kind: 'task-metric', task: 'b', metric: 'mse' } })).toBe(3);
    expect(epoch({ selection: { kind: 'total-loss' } })).toBe(3); // run-wide validation loss 1.95
    expect(epoch({ selection: { kind: 'early-stopping' }, earlyStopping: { task: 'a', metric: 'loss', patience: 2 } })).toBe(4);
    // validation Δm against baselines a 0.75, b 1.6: e2 (6.67 + (−18.75))/2 = −6.0; e3 (−6.67 + 6.25)/2 ≈ −0.2 -> 3
    const baseline = (t: string, m: string) => (t === 'a' && m === 'accuracy' ? 0.75 : t === 'b' && m === 'mse' ? 1.6 : null);
    expect(summarizeRun(curves, { baseline }).rule).toEqual({ kind: 'delta-m' });
    expect(epoch({ baseline })).toBe(3);
    // other baselines (a 0.5, b 10) weigh the tasks otherwise: e2 (60 + 81)/2 = 70.5 beats e3 (40 + 85)/2 = 62.5
    expect(epoch({ selection: { kind: 'delta-m' }, baseline: (t, m) => (t === 'a' && m === 'accuracy' ? 0.5 : t === 'b' && m === 'mse' ? 10 : null) })).toBe(2);
  });

  it('a rule that cannot apply falls back to the default, saying why', () => {
    const s = summarizeRun(curves, { selection: { kind: 'task-metric', task: 'c', metric: 'f1' } });
    expect(s.rule).toEqual({ kind: 'mean-normalized' });
    expect(s.note).toMatch(/no f1 for task 'c'/);
    expect(summarizeRun(curves, { selection: { kind: 'delta-m' } }).note).toMatch(/no baseline covers every task/);
  });

  it('selects on train where the run has no validation split; nothing to select gives no values', () => {
    const s = summarizeRun(curvesOfRows([...rows('train', 'a', 'accuracy', [0.5, 0.7, 0.6]), ...rows('test', 'a', 'accuracy', [0.4, 0.5, 0.9])]));
    expect(s.selected).toMatchObject({ epoch: 2, split: 'train' });
    expect(s.tasks.a.accuracy.value).toBe(0.5);
    const none = summarizeRun([]);
    expect(none).toMatchObject({ selected: null, split: null, tasks: {} });
  });

  it('ties go to the earliest epoch; a NaN epoch is never selected', () => {
    const s = summarizeRun(curvesOfRows([...rows('validation', 'a', 'accuracy', [0.5, 0.7, 0.7, Number.NaN])]));
    expect(s.selected!.epoch).toBe(2);
  });
});

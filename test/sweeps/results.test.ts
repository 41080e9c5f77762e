// Sweep results: the configuration chosen per strategy is the best on validation (not on test), its test
// values are mean ± interval over seeds, Δm is against the reference strategy, the front is non-dominated.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/results/summary.js';
import { sweepResults, sweepResultsCsv } from '../../shared/sweep-results.js';
import type { SweepTrialRecord, TrialOverrides } from '../../shared/sweep.js';

let n = 0;
function trial(strategy: string, lr: number, seed: number): SweepTrialRecord {
  const overrides: TrialOverrides = { weighting: { name: strategy, params: {} }, lr, batchSize: 64, optimizer: 'adam', design: -1, seed };
  return { sweepId: 's', index: n++, key: `${strategy}|${lr}`, overrides, label: `${strategy} · adam lr ${lr} · bs 64 · seed ${seed}`, runId: `r${n}`, runStatus: 'completed', attempts: 1, worker: 'w', history: [] };
}
function summary(score: number, a: number, b: number): RunSummary {
  const v = (value: number) => ({ value, last: value, lastEpoch: 1 });
  return { rule: { kind: 'mean-normalized' }, selected: { epoch: 1, split: 'validation', score }, split: 'test', lastEpoch: 1, tasks: { a: { accuracy: v(a) }, b: { accuracy: v(b) } }, selectionValues: {} } as RunSummary;
}

describe('sweepResults', () => {
  it('selects on validation, reports test mean ± CI over seeds, Δm against ew, and the front', () => {
    const trials: SweepTrialRecord[] = [];
    const sums: Record<string, RunSummary> = {};
    const add = (s: string, lr: number, seed: number, score: number, a: number, b: number) => {
      const t = trial(s, lr, seed);
      trials.push(t);
      sums[t.runId!] = summary(score, a, b);
    };
    // ew: lr 0.1 is better on validation though worse on test: it must be the one chosen
    add('ew', 0.1, 1, 0.9, 0.80, 0.70); add('ew', 0.1, 2, 0.8, 0.82, 0.72);
    add('ew', 0.01, 1, 0.1, 0.95, 0.95); add('ew', 0.01, 2, 0.2, 0.95, 0.95);
    add('uw', 0.1, 1, 0.5, 0.88, 0.77); add('uw', 0.1, 2, 0.5, 0.90, 0.79);
    const r = sweepResults(trials, sums);
    expect(r.reference).toBe('ew');
    const ew = r.strategies.find((s) => s.strategy === 'ew')!;
    expect(ew.label).toBe('ew · adam lr 0.1 · bs 64');
    expect(ew.test.a.accuracy.mean).toBeCloseTo(0.81);
    expect(ew.test.a.accuracy.ci95![0]).toBeLessThan(0.81);
    const uw = r.strategies.find((s) => s.strategy === 'uw')!;
    // Δm = mean over tasks of (uw − ew) / ew · 100
    expect(uw.deltaM).toBeCloseTo(((0.89 - 0.81) / 0.81 * 100 + (0.78 - 0.71) / 0.71 * 100) / 2);
    expect(r.configurations.filter((c) => c.onFront).map((c) => c.key)).toEqual(['ew|0.01']);
    const csv = sweepResultsCsv(r).split('\n');
    expect(csv[0]).toBe('strategy,configuration,seeds,validation_score,a_accuracy_mean,a_accuracy_ci_low,a_accuracy_ci_high,b_accuracy_mean,b_accuracy_ci_low,b_accuracy_ci_high,delta_m_vs_ew');
    expect(csv[1]).toMatch(/^ew,ew · adam lr 0\.1 · bs 64,2,0\.85\d*,0\.81,/);
  });

  it('runs that did not complete do not count', () => {
    const t = trial('ew', 0.1, 1);
    t.runStatus = 'failed';
    expect(sweepResults([t], { [t.runId!]: summary(1, 1, 1) }).strategies).toEqual([]);
  });
});

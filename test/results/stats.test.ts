// Statistics over seeds, checked against values computed independently: Student-t quantiles from a printed
// table, closed forms of the t distribution for 1, 2 and 4 degrees of freedom, and Welch's test by hand.
import { describe, expect, it } from 'vitest';
import { mean, sampleStd, seedStats, studentTCdf, studentTQuantile, welchTTest } from '../../shared/results/stats.js';

// Upper quantiles t(p, df) as printed in any statistics table (3 decimals).
const TABLE: [p: number, df: number, t: number][] = [
  [0.975, 1, 12.706], [0.975, 2, 4.303], [0.975, 3, 3.182], [0.975, 4, 2.776], [0.975, 5, 2.571],
  [0.975, 9, 2.262], [0.975, 10, 2.228], [0.975, 30, 2.042], [0.975, 120, 1.980],
  [0.95, 1, 6.314], [0.95, 5, 2.015], [0.95, 10, 1.812], [0.995, 2, 9.925], [0.995, 10, 3.169], [0.9, 3, 1.638],
];

describe('Student t', () => {
  it('quantiles match the printed table to its 3 decimals', () => {
    for (const [p, df, t] of TABLE) {
      expect(Math.abs(studentTQuantile(p, df) - t), `t(${p}, ${df})`).toBeLessThan(0.0006);
      expect(studentTQuantile(1 - p, df)).toBeCloseTo(-studentTQuantile(p, df), 10);
    }
  });

  it('the CDF matches the closed forms for 1, 2 and 4 degrees of freedom', () => {
    for (const t of [-7, -2.5, -0.3, 0, 0.4, 1, 3.2071, 12]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12); // Cauchy
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(t * t + 2)), 12);
      const th = Math.atan(t / 2);
      expect(studentTCdf(t, 4)).toBeCloseTo(0.5 + (Math.sin(th) / 2) * (1 + Math.cos(th) ** 2 / 2), 12);
    }
  });

  it('refuses what has no answer, naming it', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be in \(0, 1\), got 1/);
    expect(() => studentTCdf(1, 0)).toThrow(/degrees of freedom must be > 0, got 0/);
  });
});

describe('seed statistics', () => {
  it('mean ± sample std and the 95% interval of the mean with t(0.975, n − 1) from the table', () => {
    const xs = [0.79, 0.8, 0.785];
    const s = seedStats(xs)!;
    const m = (0.79 + 0.8 + 0.785) / 3;
    const sd = Math.sqrt(((0.79 - m) ** 2 + (0.8 - m) ** 2 + (0.785 - m) ** 2) / 2);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(m, 14);
    expect(s.std).toBeCloseTo(sd, 14);
    const half = 4.303 * (sd / Math.sqrt(3)); // t(0.975, 2) = 4.303
    expect(s.ci95![0]).toBeCloseTo(m - half, 4);
    expect(s.ci95![1]).toBeCloseTo(m + half, 4);
    expect(mean(xs)).toBeCloseTo(m, 14);
    expect(sampleStd(xs)).toBeCloseTo(sd, 14);
  });

  it('one seed: a mean, and no spread or interval', () => {
    expect(seedStats([0.5])).toEqual({ n: 1, mean: 0.5, std: null, ci95: null });
    expect(seedStats([])).toBeNull();
    expect(seedStats([Number.NaN, 0.4])).toEqual({ n: 1, mean: 0.4, std: null, ci95: null });
  });
});

describe("Welch's t-test", () => {
  it('matches the statistic, the Welch–Satterthwaite df and the two-sided p computed by hand', () => {
    // two groups of 3 with equal variance 5.8333e-5: se² = 2·5.8333e-5/3, df = 4 exactly
    const a = [0.79, 0.8, 0.785];
    const b = [0.81, 0.82, 0.805];
    const va = sampleStd(a) ** 2 / 3;
    const t = (mean(a) - mean(b)) / Math.sqrt(2 * va);
    const w = welchTTest(a, b)!;
    expect(w.t).toBeCloseTo(t, 12);
    expect(w.t).toBeCloseTo(-3.2071, 4);
    expect(w.df).toBeCloseTo(4, 10);
    const th = Math.atan(Math.abs(t) / 2);
    expect(w.p).toBeCloseTo(1 - Math.sin(th) * (1 + Math.cos(th) ** 2 / 2), 12); // closed form, df 4
    // between the table's t(0.975, 4) = 2.776 and t(0.99, 4) = 3.747: 0.02 < p < 0.05
    expect(w.p).toBeGreaterThan(0.02);
    expect(w.p).toBeLessThan(0.05);
  });

  it('unequal variances and sizes: df from the formula, p symmetric in the order of the groups', () => {
    const a = [1.2, 1.9, 0.7, 1.4];
    const b = [2.1, 2.0, 2.3];
    const [va, vb] = [sampleStd(a) ** 2 / 4, sampleStd(b) ** 2 / 3];
    const df = (va + vb) ** 2 / (va ** 2 / 3 + vb ** 2 / 2);
    const w = welchTTest(a, b)!;
    expect(w.df).toBeCloseTo(df, 12);
    expect(w.t).toBeCloseTo((mean(a) - mean(b)) / Math.sqrt(va + vb), 12);
    expect(welchTTest(b, a)!.p).toBeCloseTo(w.p, 14);
    expect(w.p).toBeCloseTo(2 * studentTCdf(-Math.abs(w.t), df), 14);
  });

  it('gives no test with under two seeds in a group, or with no spread in either', () => {
    expect(welchTTest([0.5], [0.4, 0.6])).toBeNull();
    expect(welchTTest([0.5, 0.5], [0.5, 0.5])).toBeNull();
  });
});

// Statistics over seeds: mean, sample standard deviation (n − 1), the Student-t 95% confidence interval of
// the mean, and Welch's unequal-variance t-test between two groups (two-sided p-value). The t distribution
// comes from the regularised incomplete beta function (Numerical Recipes' continued fraction, Lentz's method).

export function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / (values.length - 1));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function. */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's is). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf: degrees of freedom must be > 0, got ${df}`);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p (bisection on the CDF, to ~1e-12). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`studentTQuantile: degrees of freedom must be > 0, got ${df}`);
  if (p === 0.5) return 0;
  let lo = -1;
  let hi = 1;
  while (studentTCdf(lo, df) > p) lo *= 2;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Mean ± std over seeds, and the 95% interval of the mean where two or more values allow one. */
export interface SeedStats {
  n: number;
  mean: number;
  /** Sample standard deviation; null with one value (no spread can be estimated). */
  std: number | null;
  /** mean ± t(0.975, n − 1) · std / √n; null with one value. */
  ci95: [number, number] | null;
}

export function seedStats(values: readonly number[]): SeedStats | null {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return null;
  const m = mean(xs);
  if (xs.length < 2) return { n: 1, mean: m, std: null, ci95: null };
  const sd = sampleStd(xs);
  const half = studentTQuantile(0.975, xs.length - 1) * (sd / Math.sqrt(xs.length));
  return { n: xs.length, mean: m, std: sd, ci95: [m - half, m + half] };
}

/** Welch's t-test of mean(a) − mean(b): statistic, Welch–Satterthwaite degrees of freedom, two-sided p. */
export interface WelchTest {
  t: number;
  df: number;
  p: number;
}

/**
 * null where either group has fewer than two values, or both have no spread at all (the test is undefined:
 * equal constant groups are not evidence of anything, and different ones would give p = 0).
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchTest | null {
  const xa = a.filter((v) => Number.isFinite(v));
  const xb = b.filter((v) => Number.isFinite(v));
  if (xa.length < 2 || xb.length < 2) return null;
  const va = sampleStd(xa) ** 2 / xa.length;
  const vb = sampleStd(xb) ** 2 / xb.length;
  const se2 = va + vb;
  if (!(se2 > 0)) return null;
  const t = (mean(xa) - mean(xb)) / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (xa.length - 1) + (vb * vb) / (xb.length - 1));
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  return { t, df, p };
}

// The synthetic pair of regression tasks of Ma et al. (2018, MMoE, §3.2) with a chosen task correlation:
//   u1, u2 orthogonal unit vectors in R^d; w1 = c·u1, w2 = c·(p·u1 + sqrt(1 − p²)·u2)  (so cos(w1, w2) = p);
//   x ~ N(0, I_d);  y_k = w_kᵀx + Σ_{i=1..m} sin(α_i w_kᵀx + β_i) + ε_k,  ε_k ~ N(0, 0.01);
//   α_i, β_i ~ N(0, 1), shared by both tasks.
import { DatasetError } from '../errors.js';
import { formatBytes, MAX_DATA_BYTES } from '../read.js';
import { createRng } from '../rng.js';
import { randomSplits } from '../splits.js';
import { z } from 'zod';
import { numberOpt, recordable } from './options.js';
import type { BuiltDataset, DatasetSource } from './types.js';

export interface MmoeSyntheticParams {
  p: number;
  dim: number;
  rows: number;
  c: number;
  m: number;
}

export interface MmoeSyntheticData {
  x: Float32Array;
  y1: Float32Array;
  y2: Float32Array;
  w1: Float64Array;
  w2: Float64Array;
  alpha: Float64Array;
  beta: Float64Array;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
}

export function generateMmoeSynthetic(params: MmoeSyntheticParams, seed: number): MmoeSyntheticData {
  const { p, dim: d, rows, c, m } = params;
  if (rows * d * 4 > MAX_DATA_BYTES) {
    throw new DatasetError(`options rows × dim = ${rows.toLocaleString('en-US')} × ${d.toLocaleString('en-US')} values (${formatBytes(rows * d * 4)}) are more than the ${formatBytes(MAX_DATA_BYTES)} one dataset may hold here: lower rows or dim`);
  }
  const rng = createRng(seed, 31);
  // Two orthonormal vectors by Gram-Schmidt on Gaussian draws (redrawn in the unlikely degenerate case).
  const u1 = new Float64Array(d), u2 = new Float64Array(d);
  for (;;) {
    for (let i = 0; i < d; i++) { u1[i] = rng.normal(); u2[i] = rng.normal(); }
    const n1 = Math.sqrt(dot(u1, u1));
    if (n1 < 1e-8) continue;
    for (let i = 0; i < d; i++) u1[i] /= n1;
    const proj = dot(u1, u2);
    for (let i = 0; i < d; i++) u2[i] -= proj * u1[i];
    const n2 = Math.sqrt(dot(u2, u2));
    if (n2 < 1e-8) continue;
    for (let i = 0; i < d; i++) u2[i] /= n2;
    break;
  }
  const q = Math.sqrt(Math.max(0, 1 - p * p));
  const w1 = new Float64Array(d), w2 = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    w1[i] = c * u1[i];
    w2[i] = c * (p * u1[i] + q * u2[i]);
  }
  const alpha = new Float64Array(m), beta = new Float64Array(m);
  for (let i = 0; i < m; i++) { alpha[i] = rng.normal(); beta[i] = rng.normal(); }
  const x = new Float32Array(rows * d);
  const y1 = new Float32Array(rows), y2 = new Float32Array(rows);
  const xr = new Float64Array(d);
  const noise = Math.sqrt(0.01);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < d; i++) {
      xr[i] = rng.normal();
      x[r * d + i] = xr[i];
    }
    const a1 = dot(w1, xr), a2 = dot(w2, xr);
    let s1 = 0, s2 = 0;
    for (let i = 0; i < m; i++) {
      s1 += Math.sin(alpha[i] * a1 + beta[i]);
      s2 += Math.sin(alpha[i] * a2 + beta[i]);
    }
    y1[r] = a1 + s1 + noise * rng.normal();
    y2[r] = a2 + s2 + noise * rng.normal();
  }
  return { x, y1, y2, w1, w2, alpha, beta };
}

/** Its options, defaults filled in: task correlation p, input size, rows, weight scale c, sine terms m. */
export const mmoeOptionsSchema = z.looseObject({
  p: numberOpt({ min: -1, max: 1, fallback: 0.5 }),
  dim: numberOpt({ min: 2, max: 10_000, integer: true, fallback: 100 }),
  rows: numberOpt({ min: 10, max: 10_000_000, integer: true, fallback: 10_000 }),
  c: numberOpt({ min: 0, fallback: 1 }),
  m: numberOpt({ min: 0, max: 1000, integer: true, fallback: 10 }),
});

export function mmoeParams(options: z.output<typeof mmoeOptionsSchema>): MmoeSyntheticParams {
  return { p: options.p!, dim: options.dim!, rows: options.rows!, c: options.c!, m: options.m! };
}

export const mmoeSynthetic: DatasetSource<z.output<typeof mmoeOptionsSchema>> = {
  options: mmoeOptionsSchema,
  name: 'mmoe-synthetic',
  label: 'MMoE synthetic (task correlation p)',
  description: 'Two regression tasks y1, y2 whose weight vectors have cosine p (Ma et al. 2018); features: one vector `features` of N(0,1) inputs. Options: p (−1..1, default 0.5), dim (100), rows (10,000), c (1), m (10 sine terms), seed.',
  kind: 'builtin',
  availability: () => ({ available: true }),
  async build(options, seed) {
    const params = mmoeParams(options);
    const data = generateMmoeSynthetic(params, seed);
    const columns = Array.from({ length: params.dim }, (_, i) => `x${i + 1}`);
    const built: BuiltDataset = {
      name: `MMoE synthetic p=${params.p}`,
      options: { ...recordable(options), ...params },
      rows: params.rows,
      features: [{ spec: { name: 'features', kind: 'vector', size: params.dim, columns }, dtype: 'f32', data: data.x }],
      tasks: [
        { name: 'y1', kind: 'regression' },
        { name: 'y2', kind: 'regression' },
      ],
      labels: [data.y1, data.y2],
      splits: randomSplits(params.rows, seed),
      meta: {
        construction: 'Ma et al. 2018 §3.2: w1 = c·u1, w2 = c·(p·u1 + sqrt(1−p²)·u2), y_k = w_kᵀx + Σ sin(α_i w_kᵀx + β_i) + N(0, 0.01)',
        cosine: cosine(data.w1, data.w2),
        w1: Array.from(data.w1),
        w2: Array.from(data.w2),
        alpha: Array.from(data.alpha),
        beta: Array.from(data.beta),
      },
    };
    return built;
  },
};

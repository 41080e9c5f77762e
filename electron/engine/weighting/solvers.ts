// Small solvers on K×K Gram matrices shared by several strategies (plain JS, K = number of tasks).
import { dot, matVec, solveLinear } from './linalg.js';

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: values in descending order and the
 * matching unit eigenvectors as columns of `vectors` (vectors[i][c] is entry i of eigenvector c).
 */
export function symmetricEigen(m: number[][], sweeps = 100): { values: number[]; vectors: number[][] } {
  const n = m.length;
  const a = m.map((row) => [...row]);
  const v: number[][] = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off <= 1e-30 * Math.max(1e-300, ...a.map((row, i) => row[i] * row[i]))) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = a.map((row, i) => [row[i], i] as const).sort((x, y) => y[0] - x[0]);
  return { values: order.map(([val]) => val), vectors: v.map((row) => order.map(([, i]) => row[i])) };
}

/** x = A⁺ b for a symmetric positive semi-definite A (eigenvalues below `rtol`·λ_max are dropped). */
export function pseudoSolve(a: number[][], b: number[], rtol = 1e-10): number[] {
  const { values, vectors } = symmetricEigen(a);
  const tol = Math.max(values[0], 0) * rtol;
  const x = b.map(() => 0);
  values.forEach((lambda, c) => {
    if (!(lambda > tol)) return;
    const coeff = b.reduce((s, bi, i) => s + bi * vectors[i][c], 0) / lambda;
    for (let i = 0; i < x.length; i++) x[i] += coeff * vectors[i][c];
  });
  return x;
}

/**
 * argmin_v vᵀ G v subject to v ≥ u, for a positive definite G: projected Gauss–Seidel to find the active set
 * (coordinates held at their bound), then the free coordinates solved exactly (G_FF v_F = −G_FA u_A),
 * repeated until the KKT conditions hold.
 */
export function boxQp(g: number[][], u: number[], maxSweeps = 2000): number[] {
  const k = u.length;
  const v = [...u];
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let change = 0;
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) if (j !== i) s += g[i][j] * v[j];
      const next = Math.max(u[i], -s / g[i][i]);
      change = Math.max(change, Math.abs(next - v[i]));
      v[i] = next;
    }
    if (change <= 1e-13 * Math.max(1, ...v.map(Math.abs))) break;
  }
  // polish: the free coordinates exactly, given the active set found
  const free = v.map((x, i) => (x > u[i] + 1e-12 ? i : -1)).filter((i) => i >= 0);
  if (free.length > 0) {
    const rhs = free.map((i) => -u.reduce((s, uj, j) => (free.includes(j) ? s : s + g[i][j] * uj), 0));
    const x = solveLinear(free.map((i) => free.map((j) => g[i][j])), rhs);
    if (x && x.every((xi, n) => xi >= u[free[n]] - 1e-12)) {
      const out = [...u];
      free.forEach((i, n) => (out[i] = x[n]));
      const grad = matVec(g, out);
      // KKT: the gradient is ≥ 0 on the coordinates held at their bound
      if (out.every((x, i) => x > u[i] + 1e-12 || grad[i] >= -1e-9 * Math.max(1, Math.abs(g[i][i])))) return out;
    }
  }
  return v;
}

/**
 * The positive solution of G w = w^(−1/a) (element-wise power): FairGrad's condition for α-fair utilities
 * (a = 1 is Nash-MTL's G w = 1/w). It is the minimiser of the strictly convex ½wᵀGw − Σ h(w_i) with
 * h' = w^(−1/a), found by damped Newton steps that keep w > 0. Where no solution exists (the gradients cancel
 * along a direction with positive weights), it stops after `maxIter` steps at the last iterate.
 */
export function fairWeights(g: number[][], a: number, opts: { maxIter?: number; tol?: number; start?: number[] } = {}): number[] {
  const k = g.length;
  const p = 1 / a;
  const h = (w: number) => (a === 1 ? Math.log(w) : Math.pow(w, 1 - p) / (1 - p));
  const f = (w: number[]) => 0.5 * dot(w, matVec(g, w)) - w.reduce((s, x) => s + h(x), 0);
  let w = opts.start ?? g.map((row, i) => 1 / Math.sqrt(Math.max(row[i], 1e-12)));
  const tol = opts.tol ?? 1e-10;
  for (let it = 0; it < (opts.maxIter ?? 100); it++) {
    const grad = matVec(g, w).map((x, i) => x - Math.pow(w[i], -p));
    const scale = Math.max(...w.map((x) => Math.pow(x, -p)));
    if (Math.sqrt(dot(grad, grad)) <= tol * scale) break;
    const hess = g.map((row, i) => row.map((x, j) => (i === j ? x + p * Math.pow(w[i], -p - 1) : x)));
    const step = solveLinear(hess, grad.map((x) => -x));
    if (!step) break;
    let t = 1;
    for (let i = 0; i < k; i++) if (step[i] < 0) t = Math.min(t, (-0.99 * w[i]) / step[i]);
    const f0 = f(w);
    const slope = dot(grad, step);
    let next = w.map((x, i) => x + t * step[i]);
    while (t > 1e-12 && f(next) > f0 + 1e-4 * t * slope) {
      t /= 2;
      next = w.map((x, i) => x + t * step[i]);
    }
    w = next;
  }
  return w;
}

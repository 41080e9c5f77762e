// Small dense linear algebra on K×K matrices (K = number of tasks), in plain JS.

export function matVec(m: number[][], v: number[]): number[] {
  return m.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
}

export function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** aᵀ M b. */
export function quad(m: number[][], a: number[], b: number[] = a): number {
  return dot(a, matVec(m, b));
}

export function softmax(z: number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((x) => Math.exp(x - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Euclidean projection of y onto the probability simplex (sort-based, Held–Wolfe–Crowder / Duchi et al.). */
export function projectToSimplex(y: number[]): number[] {
  const u = [...y].sort((a, b) => b - a);
  let cumsum = 0;
  let theta = 0;
  for (let i = 0; i < u.length; i++) {
    cumsum += u[i];
    const t = (cumsum - 1) / (i + 1);
    if (u[i] - t > 0) theta = t;
  }
  return y.map((x) => Math.max(x - theta, 0));
}

/**
 * The point of the convex hull of g_1..g_K with the smallest norm, given only their Gram matrix M:
 * α = argmin_{α ∈ simplex} αᵀ M α. Frank–Wolfe with away steps and exact line search (the objective is
 * quadratic), which converges linearly on the simplex; it stops when the Frank–Wolfe duality gap is below
 * `tol` relative to the largest squared norm. For K = 2 the first step is already exact.
 */
export function minNormOnSimplex(m: number[][], opts: { maxIter?: number; tol?: number } = {}): number[] {
  const k = m.length;
  if (k === 1) return [1];
  const maxIter = opts.maxIter ?? 1000;
  const scale = Math.max(...m.map((row, i) => row[i]), 1e-30);
  const tol = (opts.tol ?? 1e-12) * scale;
  // Start at the vertex with the smallest norm.
  let best = 0;
  for (let i = 1; i < k; i++) if (m[i][i] < m[best][best]) best = i;
  const alpha = new Array<number>(k).fill(0);
  alpha[best] = 1;
  for (let iter = 0; iter < maxIter; iter++) {
    const grad = matVec(m, alpha); // ∇(½αᵀMα) = Mα
    const value = dot(alpha, grad); // αᵀMα
    let s = 0;
    for (let i = 1; i < k; i++) if (grad[i] < grad[s]) s = i;
    let v = -1;
    for (let i = 0; i < k; i++) if (alpha[i] > 0 && (v < 0 || grad[i] > grad[v])) v = i;
    const gapFw = value - grad[s];
    if (gapFw <= tol) break;
    const gapAway = v >= 0 ? grad[v] - value : -Infinity;
    // Direction d: toward vertex s (Frank–Wolfe) or away from vertex v.
    const d = new Array<number>(k);
    let gammaMax: number;
    if (gapFw >= gapAway) {
      for (let i = 0; i < k; i++) d[i] = (i === s ? 1 : 0) - alpha[i];
      gammaMax = 1;
    } else {
      for (let i = 0; i < k; i++) d[i] = alpha[i] - (i === v ? 1 : 0);
      gammaMax = alpha[v] / (1 - alpha[v]);
    }
    const dMd = quad(m, d);
    const slope = dot(d, grad); // directional derivative of ½αᵀMα, negative
    let gamma = dMd > 0 ? Math.min(-slope / dMd, gammaMax) : gammaMax;
    if (!(gamma > 0)) break;
    gamma = Math.min(gamma, gammaMax);
    for (let i = 0; i < k; i++) alpha[i] = Math.max(alpha[i] + gamma * d[i], 0);
    const sum = alpha.reduce((a, b) => a + b, 0);
    for (let i = 0; i < k; i++) alpha[i] /= sum;
  }
  return alpha;
}

/** Solves A x = b by Gaussian elimination with partial pivoting; null where A is (numerically) singular. */
export function solveLinear(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  const scale = Math.max(...a.flat().map(Math.abs), 1e-300);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (Math.abs(m[p][c]) <= 1e-12 * scale) return null;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let j = c; j <= n; j++) m[r][j] -= f * m[c][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let j = r + 1; j < n; j++) s -= m[r][j] * x[j];
    x[r] = s / m[r][r];
  }
  return x;
}

/** M'_ij = s_i s_j M_ij: the Gram matrix of the scaled vectors s_i g_i. */
export function scaleGram(m: number[][], s: number[]): number[][] {
  return m.map((row, i) => row.map((x, j) => x * s[i] * s[j]));
}

/** A standard normal draw from a uniform source (Box–Muller). */
export function normal(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

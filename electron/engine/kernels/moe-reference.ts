// The mixture-of-experts kernels of moe.ts as plain loops over float32 arrays: the cpu backend's kernels, the wasm
// fallback where the SIMD module cannot be loaded, and the reference the tests hold the SIMD kernels to.
export type Arr = Float32Array;
export interface Out { shape: number[]; values: Arr }
export interface ExpertAttrs { relu: boolean; expert?: number }

function dz(h: Arr, dh: Arr, B: number, N: number, col0: number, U: number, relu: boolean): Arr {
  const z = new Float32Array(B * U);
  for (let b = 0; b < B; b++) {
    for (let u = 0; u < U; u++) {
      const i = b * N + col0 + u;
      z[b * U + u] = relu && !(h[i] > 0) ? 0 : dh[i];
    }
  }
  return z;
}

export const REF = {
  /** [x, k_0.., b_0..] → out [B, E·U]. */
  experts(xs: Arr[], shapes: number[][], a: ExpertAttrs): Out[] {
    const E = (xs.length - 1) / 2;
    const [B, D] = shapes[0];
    const U = shapes[1][1];
    const N = E * U;
    const x = xs[0];
    const out = new Float32Array(B * N);
    for (let e = 0; e < E; e++) {
      const w = xs[1 + e];
      const bias = xs[1 + E + e];
      for (let b = 0; b < B; b++) {
        for (let u = 0; u < U; u++) {
          let s = bias[u];
          for (let d = 0; d < D; d++) s += x[b * D + d] * w[d * U + u];
          out[b * N + e * U + u] = a.relu && !(s > 0) ? 0 : s;
        }
      }
    }
    return [{ shape: [B, E, U], values: out }];
  },
  /** {x, h, dy} → expert e's kernel gradient [D, U]. */
  expertGradW(xs: Arr[], shapes: number[][], a: ExpertAttrs): Out[] {
    const [x, h, dh] = xs;
    const [B, D] = shapes[0];
    const [, E, U] = shapes[1];
    const z = dz(h, dh, B, E * U, (a.expert ?? 0) * U, U, a.relu);
    const dw = new Float32Array(D * U);
    for (let d = 0; d < D; d++) {
      for (let u = 0; u < U; u++) {
        let s = 0;
        for (let b = 0; b < B; b++) s += x[b * D + d] * z[b * U + u];
        dw[d * U + u] = s;
      }
    }
    return [{ shape: [D, U], values: dw }];
  },
  /** {x, h, dy} → expert e's bias gradient [U] (x unused: it lets wasm make every gradient of a pass at once). */
  expertGradB(xs: Arr[], shapes: number[][], a: ExpertAttrs): Out[] {
    const [, h, dh] = xs;
    const [B, E, U] = shapes[1];
    const z = dz(h, dh, B, E * U, (a.expert ?? 0) * U, U, a.relu);
    const db = new Float32Array(U);
    for (let b = 0; b < B; b++) for (let u = 0; u < U; u++) db[u] += z[b * U + u];
    return [{ shape: [U], values: db }];
  },
  /** [h, dy, k_0..] → the input gradient [B, D]. */
  expertsGradX(xs: Arr[], shapes: number[][], a: ExpertAttrs): Out[] {
    const [h, dh] = xs;
    const [B, E, U] = shapes[0];
    const D = shapes[2][0];
    const N = E * U;
    const z = dz(h, dh, B, N, 0, N, a.relu);
    const dx = new Float32Array(B * D);
    for (let b = 0; b < B; b++) {
      for (let d = 0; d < D; d++) {
        let s = 0;
        for (let e = 0; e < E; e++) {
          const w = xs[2 + e];
          for (let u = 0; u < U; u++) s += z[b * N + e * U + u] * w[d * U + u];
        }
        dx[b * D + d] = s;
      }
    }
    return [{ shape: [B, D], values: dx }];
  },
  /** {x, experts, kernel, bias} → [mix [B, U], g [B, E]]. */
  gate(xs: Arr[], shapes: number[][]): Out[] {
    const [x, ex, wg, bg] = xs;
    const [B, D] = shapes[0];
    const [, E, U] = shapes[1];
    const g = new Float32Array(B * E);
    const mix = new Float32Array(B * U);
    const row = new Float64Array(E);
    for (let b = 0; b < B; b++) {
      let mx = -Infinity;
      for (let e = 0; e < E; e++) {
        let s = bg[e];
        for (let d = 0; d < D; d++) s += x[b * D + d] * wg[d * E + e];
        row[e] = Math.fround(s);
        mx = Math.max(mx, row[e]);
      }
      let sum = 0;
      for (let e = 0; e < E; e++) {
        row[e] = Math.fround(Math.exp(row[e] - mx));
        sum += row[e];
      }
      for (let e = 0; e < E; e++) g[b * E + e] = row[e] / sum;
      for (let u = 0; u < U; u++) {
        let s = 0;
        for (let e = 0; e < E; e++) s += g[b * E + e] * ex[(b * E + e) * U + u];
        mix[b * U + u] = s;
      }
    }
    return [{ shape: [B, U], values: mix }, { shape: [B, E], values: g }];
  },
  /** {experts, g, dy} → the logit gradient [B, E]. */
  gateGradLogits(xs: Arr[], shapes: number[][]): Out[] {
    const [ex, g, dmix] = xs;
    const [B, E, U] = shapes[0];
    const dl = new Float32Array(B * E);
    const dg = new Float64Array(E);
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let e = 0; e < E; e++) {
        let d = 0;
        for (let u = 0; u < U; u++) d += dmix[b * U + u] * ex[(b * E + e) * U + u];
        dg[e] = d;
        s += g[b * E + e] * d;
      }
      for (let e = 0; e < E; e++) dl[b * E + e] = g[b * E + e] * (dg[e] - s);
    }
    return [{ shape: [B, E], values: dl }];
  },
  /** {g, dy} → the experts' gradient through this gate [B, E, U]. */
  gateGradExperts(xs: Arr[], shapes: number[][]): Out[] {
    const [g, dmix] = xs;
    const [B, E] = shapes[0];
    const U = shapes[1][1];
    const dex = new Float32Array(B * E * U);
    for (let b = 0; b < B; b++) {
      for (let e = 0; e < E; e++) {
        for (let u = 0; u < U; u++) dex[(b * E + e) * U + u] = g[b * E + e] * dmix[b * U + u];
      }
    }
    return [{ shape: [B, E, U], values: dex }];
  },
};

export type Ref = (xs: Arr[], shapes: number[][], attrs: ExpertAttrs) => Out[];

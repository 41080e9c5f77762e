// Hand-written wasm SIMD kernels that work in place on the tfjs wasm backend's memory.
// Built by `npm run build:kernels` (clang --target=wasm32 -msimd128) into kernels-wasm.ts; the module imports
// the backend's memory and uses neither a stack nor static data, so it never writes anywhere
// but the output pointers it is given. Every function takes NHWC float32 tensors.
#include <wasm_simd128.h>

#define EXPORT __attribute__((visibility("default")))

// acc + x·y. The relaxed build (-DRELAXED, for runtimes with relaxed SIMD) makes it one fused
// multiply-add (f32x4.relaxed_madd, an FMA on x86 and ARM); the plain build multiplies then adds.
// clang-14 emits the builtin under its pre-standard opcode; build-kernels.js rewrites it to the final one.
#ifdef RELAXED
#define MADD(acc, x, y) ((v128_t)__builtin_wasm_fma_f32x4((__f32x4)(x), (__f32x4)(y), (__f32x4)(acc)))
#else
#define MADD(acc, x, y) wasm_f32x4_add((acc), wasm_f32x4_mul((x), (y)))
#endif

// Positions (heap indices) of the first maximum of four channels d..d+3 over a window; -1 where none.
static inline v128_t window_argmax4(const float *x, int img, int rowStride, int c, int d, int rMin, int rMax, int cMin, int cMax) {
  const v128_t iota = wasm_i32x4_make(0, 1, 2, 3);
  v128_t best = wasm_f32x4_splat(-__builtin_inff());
  v128_t pos = wasm_i32x4_splat(-1);
  for (int r = rMin; r < rMax; r++) {
    int k = img + r * rowStride + cMin * c + d;
    for (int col = cMin; col < cMax; col++, k += c) {
      const v128_t v = wasm_v128_load(x + k);
      const v128_t gt = wasm_f32x4_gt(v, best);
      best = wasm_v128_bitselect(v, best, gt);
      pos = wasm_v128_bitselect(wasm_i32x4_add(wasm_i32x4_splat(k), iota), pos, gt);
    }
  }
  return pos;
}

// MaxPoolGrad: each output gradient goes to the first (row-major) maximum of its window.
// Four channels at a time; a channel count that is no multiple of four ends with one more group of
// four overlapping the last full one, scattering only its new lanes (MultiLeNet's 10 channels: no
// scalar loop with its unpredictable branches). Padding positions are never candidates.
EXPORT void maxpool_grad(const float *x, const float *dy, float *dx, int nb, int h, int w, int c,
                         int ho, int wo, int sh, int sw, int fh, int fw, int pt, int pl) {
  __builtin_memset(dx, 0, (unsigned long)nb * h * w * c * sizeof(float));
  const int rowStride = w * c;
  const int c4 = c & ~3;
  const int tail = c >= 4 ? c - 4 : -1;  // the overlapping last group's first channel
  int o = 0;
  for (int b = 0; b < nb; b++) {
    const int img = b * h * rowStride;
    for (int oh = 0; oh < ho; oh++) {
      const int r0 = oh * sh - pt;
      const int rMin = r0 < 0 ? 0 : r0;
      const int rMax = r0 + fh > h ? h : r0 + fh;
      for (int ow = 0; ow < wo; ow++, o += c) {
        const int c0 = ow * sw - pl;
        const int cMin = c0 < 0 ? 0 : c0;
        const int cMax = c0 + fw > w ? w : c0 + fw;
        int d = 0;
        for (; d < c4; d += 4) {
          const v128_t pos = window_argmax4(x, img, rowStride, c, d, rMin, rMax, cMin, cMax);
          const float *g = dy + o + d;
          int p;
          if ((p = wasm_i32x4_extract_lane(pos, 0)) >= 0) dx[p] += g[0];
          if ((p = wasm_i32x4_extract_lane(pos, 1)) >= 0) dx[p] += g[1];
          if ((p = wasm_i32x4_extract_lane(pos, 2)) >= 0) dx[p] += g[2];
          if ((p = wasm_i32x4_extract_lane(pos, 3)) >= 0) dx[p] += g[3];
        }
        if (d < c && tail >= 0) {
          const v128_t pos = window_argmax4(x, img, rowStride, c, tail, rMin, rMax, cMin, cMax);
          const float *g = dy + o + tail;
          int p;
          if (tail >= d && (p = wasm_i32x4_extract_lane(pos, 0)) >= 0) dx[p] += g[0];
          if (tail + 1 >= d && (p = wasm_i32x4_extract_lane(pos, 1)) >= 0) dx[p] += g[1];
          if (tail + 2 >= d && (p = wasm_i32x4_extract_lane(pos, 2)) >= 0) dx[p] += g[2];
          if ((p = wasm_i32x4_extract_lane(pos, 3)) >= 0) dx[p] += g[3];
          d = c;
        }
        for (; d < c; d++) {
          float best = -__builtin_inff();
          int pos = -1;
          for (int r = rMin; r < rMax; r++) {
            int k = img + r * rowStride + cMin * c + d;
            for (int col = cMin; col < cMax; col++, k += c) {
              if (x[k] > best) {
                best = x[k];
                pos = k;
              }
            }
          }
          if (pos >= 0) dx[pos] += dy[o + d];
        }
      }
    }
  }
}

// o[0..4) = column sums of four adjacent columns starting at p; four rows at a time into four
// accumulators (the chained adds' latency, not the loads, bounds a single accumulator).
static inline void col_sums4(const float *p, float *o, int rows, int cols) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
  int i = 0;
  for (; i + 4 <= rows; i += 4, p += 4 * cols) {
    a0 = wasm_f32x4_add(a0, wasm_v128_load(p));
    a1 = wasm_f32x4_add(a1, wasm_v128_load(p + cols));
    a2 = wasm_f32x4_add(a2, wasm_v128_load(p + 2 * cols));
    a3 = wasm_f32x4_add(a3, wasm_v128_load(p + 3 * cols));
  }
  for (; i < rows; i++, p += cols) a0 = wasm_f32x4_add(a0, wasm_v128_load(p));
  wasm_v128_store(o, wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(a2, a3)));
}

// out[j] = sum over i of x[i * cols + j]  (a reduction over every axis but the last).
EXPORT void sum_rows(const float *x, float *out, int rows, int cols) {
  int j = 0;
  for (; j + 16 <= cols; j += 16) {
    v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    const float *p = x + j;
    for (int i = 0; i < rows; i++, p += cols) {
      a0 = wasm_f32x4_add(a0, wasm_v128_load(p));
      a1 = wasm_f32x4_add(a1, wasm_v128_load(p + 4));
      a2 = wasm_f32x4_add(a2, wasm_v128_load(p + 8));
      a3 = wasm_f32x4_add(a3, wasm_v128_load(p + 12));
    }
    wasm_v128_store(out + j, a0);
    wasm_v128_store(out + j + 4, a1);
    wasm_v128_store(out + j + 8, a2);
    wasm_v128_store(out + j + 12, a3);
  }
  for (; j + 4 <= cols; j += 4) col_sums4(x + j, out + j, rows, cols);
  if (j < cols && cols >= 4) {
    // the last four columns again (overlapping): the columns already done get the same sums, in the same order
    col_sums4(x + cols - 4, out + cols - 4, rows, cols);
    j = cols;
  }
  for (; j < cols; j++) {
    float a = 0;
    const float *p = x + j;
    for (int i = 0; i < rows; i++, p += cols) a += *p;
    out[j] = a;
  }
}

// Transposed im2col: out[k][row], k = (kh·fw + kw)·ci + c, row = (n·ho + oh)·wo + ow,
// out-of-image taps are 0. out has fh·fw·ci rows of nb·ho·wo.
EXPORT void im2col_t(const float *x, float *out, int nb, int h, int w, int ci, int ho, int wo,
                     int sh, int sw, int fh, int fw, int dh, int dw, int pt, int pl) {
  const int R = nb * ho * wo;
  for (int kh = 0; kh < fh; kh++) {
    for (int kw = 0; kw < fw; kw++) {
      // Output columns whose tap lies inside the image: ow in [owLo, owHi).
      int owLo = 0;
      while (owLo < wo && owLo * sw + kw * dw - pl < 0) owLo++;
      int owHi = wo;
      while (owHi > owLo && (owHi - 1) * sw + kw * dw - pl >= w) owHi--;
      for (int c = 0; c < ci; c++) {
        float *o = out + (long)((kh * fw + kw) * ci + c) * R;
        for (int n = 0; n < nb; n++) {
          for (int oh = 0; oh < ho; oh++, o += wo) {
            const int r = oh * sh + kh * dh - pt;
            if (r < 0 || r >= h) {
              for (int ow = 0; ow < wo; ow++) o[ow] = 0;
              continue;
            }
            for (int ow = 0; ow < owLo; ow++) o[ow] = 0;
            const float *src = x + ((long)(n * h + r) * w + (owLo * sw + kw * dw - pl)) * ci + c;
            const int step = sw * ci;
            if (step == 1) {
              for (int ow = owLo; ow < owHi; ow++) o[ow] = src[ow - owLo];
            } else {
              for (int ow = owLo; ow < owHi; ow++, src += step) o[ow] = *src;
            }
            for (int ow = owHi; ow < wo; ow++) o[ow] = 0;
          }
        }
      }
    }
  }
}

// col2im: dx[n, oh·sh + kh·dh − pt, ow·sw + kw·dw − pl, c] += cols[row][(kh·fw + kw)·ci + c].
EXPORT void col2im(const float *cols, float *dx, int nb, int h, int w, int ci, int ho, int wo,
                   int sh, int sw, int fh, int fw, int dh, int dw, int pt, int pl) {
  __builtin_memset(dx, 0, (unsigned long)nb * h * w * ci * sizeof(float));
  const int K = fh * fw * ci;
  const float *cr = cols;
  for (int n = 0; n < nb; n++) {
    for (int oh = 0; oh < ho; oh++) {
      for (int ow = 0; ow < wo; ow++, cr += K) {
        for (int kh = 0; kh < fh; kh++) {
          const int r = oh * sh + kh * dh - pt;
          if (r < 0 || r >= h) continue;
          for (int kw = 0; kw < fw; kw++) {
            const int col = ow * sw + kw * dw - pl;
            if (col < 0 || col >= w) continue;
            float *d = dx + ((long)(n * h + r) * w + col) * ci;
            const float *s = cr + (kh * fw + kw) * ci;
            int c = 0;
            for (; c + 4 <= ci; c += 4) wasm_v128_store(d + c, wasm_f32x4_add(wasm_v128_load(d + c), wasm_v128_load(s + c)));
            for (; c < ci; c++) d[c] += s[c];
          }
        }
      }
    }
  }
}

// Stores lanes from..3 of v at out[from..3] (the lanes an overlapping last group adds).
static inline void store_lanes_from(float *out, v128_t v, int from) {
  if (from <= 0) out[0] = wasm_f32x4_extract_lane(v, 0);
  if (from <= 1) out[1] = wasm_f32x4_extract_lane(v, 1);
  if (from <= 2) out[2] = wasm_f32x4_extract_lane(v, 2);
  out[3] = wasm_f32x4_extract_lane(v, 3);
}

// O (M×N) = A·B, or O += A·B when acc, with A(m, k) = A[m·aRow + k·aCol] and B row-major K×N.
// Four rows of the output at a time, eight columns in eight accumulators: the inner loop over k
// loads two B vectors and four A values for 32 multiply-adds, nothing stored; eight independent
// chains hide the multiply-add latency. Rows past M repeat the last row, unstored. Columns past the
// eights and fours: where N ≥ 4, the last four columns again (overlapping), storing only the lanes
// not yet done; below 4 columns, scalar.
static void mm_block(const float *A, const float *B, float *O, int M, int K, int N, int aRow, int aCol, int acc) {
  const int n8 = N & ~7;
  const int n4 = N & ~3;
  for (int m = 0; m < M; m += 4) {
    const int rows = M - m < 4 ? M - m : 4;
    const float *a0 = A + m * aRow;
    const float *a1 = rows > 1 ? a0 + aRow : a0;
    const float *a2 = rows > 2 ? a1 + aRow : a1;
    const float *a3 = rows > 3 ? a2 + aRow : a2;
    float *o0 = O + m * N;
    float *o1 = rows > 1 ? o0 + N : o0;
    float *o2 = rows > 2 ? o1 + N : o1;
    float *o3 = rows > 3 ? o2 + N : o2;
    int j = 0;
    for (; j < n8; j += 8) {
      v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      if (acc) {
        c00 = wasm_v128_load(o0 + j); c01 = wasm_v128_load(o0 + j + 4);
        c10 = wasm_v128_load(o1 + j); c11 = wasm_v128_load(o1 + j + 4);
        c20 = wasm_v128_load(o2 + j); c21 = wasm_v128_load(o2 + j + 4);
        c30 = wasm_v128_load(o3 + j); c31 = wasm_v128_load(o3 + j + 4);
      }
      const float *b = B + j;
      for (int k = 0; k < K; k++, b += N) {
        const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
        const int ka = k * aCol;
        const v128_t x0 = wasm_v128_load32_splat(a0 + ka), x1 = wasm_v128_load32_splat(a1 + ka);
        c00 = MADD(c00, x0, b0);
        c01 = MADD(c01, x0, b1);
        c10 = MADD(c10, x1, b0);
        c11 = MADD(c11, x1, b1);
        const v128_t x2 = wasm_v128_load32_splat(a2 + ka), x3 = wasm_v128_load32_splat(a3 + ka);
        c20 = MADD(c20, x2, b0);
        c21 = MADD(c21, x2, b1);
        c30 = MADD(c30, x3, b0);
        c31 = MADD(c31, x3, b1);
      }
      // rows past M write the last row's own values again (same numbers), in reverse so the real row wins
      wasm_v128_store(o3 + j, c30); wasm_v128_store(o3 + j + 4, c31);
      wasm_v128_store(o2 + j, c20); wasm_v128_store(o2 + j + 4, c21);
      wasm_v128_store(o1 + j, c10); wasm_v128_store(o1 + j + 4, c11);
      wasm_v128_store(o0 + j, c00); wasm_v128_store(o0 + j + 4, c01);
    }
    for (; j < N && N >= 4; j = j < n4 ? j + 4 : N) {
      // a full group of four, or the overlapping last four columns (storing only lanes from `from` on)
      const int j0 = j < n4 ? j : N - 4;
      const int from = j - j0;
      v128_t c0 = wasm_f32x4_splat(0), c1 = c0, c2 = c0, c3 = c0;
      if (acc) {
        c0 = wasm_v128_load(o0 + j0); c1 = wasm_v128_load(o1 + j0);
        c2 = wasm_v128_load(o2 + j0); c3 = wasm_v128_load(o3 + j0);
      }
      const float *b = B + j0;
      for (int k = 0; k < K; k++, b += N) {
        const v128_t b0 = wasm_v128_load(b);
        const int ka = k * aCol;
        c0 = MADD(c0, wasm_v128_load32_splat(a0 + ka), b0);
        c1 = MADD(c1, wasm_v128_load32_splat(a1 + ka), b0);
        c2 = MADD(c2, wasm_v128_load32_splat(a2 + ka), b0);
        c3 = MADD(c3, wasm_v128_load32_splat(a3 + ka), b0);
      }
      store_lanes_from(o3 + j0, c3, from);
      store_lanes_from(o2 + j0, c2, from);
      store_lanes_from(o1 + j0, c1, from);
      store_lanes_from(o0 + j0, c0, from);
    }
    for (; j < N; j++) {
      for (int r = 0; r < rows; r++) {
        const float *ar = A + (m + r) * aRow;
        float c = acc ? o0[r * N + j] : 0;
        for (int k = 0; k < K; k++) c += ar[k * aCol] * B[k * N + j];
        o0[r * N + j] = c;
      }
    }
  }
}

// Batched matrix product out[b] = op(A[b]) · op(B[b]), op = transpose where asked; a batch
// stride of 0 broadcasts that operand. For many small matrices (MMoE's gated mixtures), where
// the backend's batched product runs a scalar loop, and for batch-1 products (see batch-mat-mul.ts).
EXPORT void bmm(const float *a, const float *bm, float *out, int batch, int M, int K, int N,
                int aStride, int bStride, int transA, int transB) {
  for (int b = 0; b < batch; b++) {
    const float *A = a + (long)b * aStride;
    const float *B = bm + (long)b * bStride;
    float *O = out + (long)b * M * N;
    if (!transB && !transA) {
      mm_block(A, B, O, M, K, N, K, 1, 0);
    } else if (!transB) {
      // Aᵀ·B (a weight gradient xᵀ·dy, K = the batch): K in chunks of KC rows, accumulated into O, so
      // that a chunk of B (KC rows of N) stays in L1 across the row blocks instead of streaming the whole
      // of B (1024 × 128 floats for MMoE's experts) from L2 once per four output rows.
      const int KC = 64;
      for (int k0 = 0; k0 < K; k0 += KC) {
        const int kc = K - k0 < KC ? K - k0 : KC;
        mm_block(A + (long)k0 * M, B + (long)k0 * N, O, M, kc, N, 1, M, k0 > 0);
      }
    } else if (!transA) {
      for (int m = 0; m < M; m++) {
        const float *arow = A + m * K;
        for (int n = 0; n < N; n++) {
          const float *brow = B + n * K;
          v128_t acc = wasm_f32x4_splat(0);
          int k = 0;
          for (; k + 4 <= K; k += 4) acc = MADD(acc, wasm_v128_load(arow + k), wasm_v128_load(brow + k));
          float s = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
                    wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
          for (; k < K; k++) s += arow[k] * brow[k];
          O[m * N + n] = s;
        }
      }
    } else {
      for (int m = 0; m < M; m++) {
        for (int n = 0; n < N; n++) {
          float s = 0;
          for (int k = 0; k < K; k++) s += A[k * M + m] * B[n * K + k];
          O[m * N + n] = s;
        }
      }
    }
  }
}

// ---- Dense layers and their gradient (dense-train.ts) ----

// In place after a dense layer's product: x[r, c] = act(x[r, c] + b[c]); act 0 = none, 1 = relu (max(0, ·),
// NaN stays NaN as in tfjs's relu). Rows of fewer than four columns are scalar; others end with an overlapping
// last group (the same sums: each value is read from x only while its group has not been written back).
EXPORT void bias_act(float *x, const float *b, int rows, int cols, int act) {
  const v128_t zero = wasm_f32x4_splat(0);
  for (int i = 0; i < rows; i++, x += cols) {
    if (cols < 4) {
      for (int j = 0; j < cols; j++) {
        const float v = x[j] + b[j];
        x[j] = act == 1 ? (v < 0 ? 0 : v) : v;
      }
      continue;
    }
    // the overlapping last group first (it reads values the full groups would have changed), stored last
    const int jl = cols - 4;
    v128_t last = wasm_f32x4_add(wasm_v128_load(x + jl), wasm_v128_load(b + jl));
    if (act == 1) last = wasm_v128_bitselect(zero, last, wasm_f32x4_lt(last, zero));
    for (int j = 0; j + 4 <= jl; j += 4) {
      v128_t v = wasm_f32x4_add(wasm_v128_load(x + j), wasm_v128_load(b + j));
      if (act == 1) v = wasm_v128_bitselect(zero, v, wasm_f32x4_lt(v, zero));
      wasm_v128_store(x + j, v);
    }
    // columns jl - (jl % 4) .. jl - 1 not covered by a full group before jl
    for (int j = jl & ~3; j < jl; j++) {
      const float v = x[j] + b[j];
      x[j] = act == 1 ? (v < 0 ? 0 : v) : v;
    }
    wasm_v128_store(x + jl, last);
  }
}

// The gradient through a dense layer's activation from its output y: act 1 = relu (dy where y > 0, else 0),
// 2 = sigmoid (dy · y · (1 − y)).
EXPORT void act_grad(const float *dy, const float *y, float *out, int n, int act) {
  const v128_t zero = wasm_f32x4_splat(0), one = wasm_f32x4_splat(1);
  int i = 0;
  if (act == 1) {
    for (; i + 4 <= n; i += 4) {
      const v128_t yv = wasm_v128_load(y + i);
      wasm_v128_store(out + i, wasm_v128_and(wasm_v128_load(dy + i), wasm_f32x4_gt(yv, zero)));
    }
    for (; i < n; i++) out[i] = y[i] > 0 ? dy[i] : 0;
  } else {
    for (; i + 4 <= n; i += 4) {
      const v128_t yv = wasm_v128_load(y + i);
      wasm_v128_store(out + i, wasm_f32x4_mul(wasm_f32x4_mul(wasm_v128_load(dy + i), yv), wasm_f32x4_sub(one, yv)));
    }
    for (; i < n; i++) out[i] = dy[i] * y[i] * (1 - y[i]);
  }
}

// One Adam / AdamW update (fused-adam.ts fusedAdamUpdate), into fresh buffers xo, mo, so:
//   g' = g + l2·x;  m' = b1·m + c1·g';  s' = b2·s + c2·g'²;  x' = x·keep − (m'·lrc) / (√(s' / bc2) + eps)
// Every operation rounded in float32 in the order the JS loop it replaces wrote it (no contraction into FMAs, so
// the plain and relaxed builds agree with it bit for bit: +, ×, ÷ and √ of floats are correctly rounded both ways).
EXPORT void adam_update(const float *x, const float *g, const float *m, const float *s, float *xo, float *mo, float *so, int n,
                        float b1, float b2, float c1, float c2, float lrc, float bc2, float eps, float l2, float keep) {
#pragma clang fp contract(off)
  const v128_t B1 = wasm_f32x4_splat(b1), B2 = wasm_f32x4_splat(b2), C1 = wasm_f32x4_splat(c1), C2 = wasm_f32x4_splat(c2);
  const v128_t LRC = wasm_f32x4_splat(lrc), BC2 = wasm_f32x4_splat(bc2), EPS = wasm_f32x4_splat(eps);
  const v128_t L2 = wasm_f32x4_splat(l2), KEEP = wasm_f32x4_splat(keep);
  const int useL2 = l2 != 0, useKeep = keep != 1;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t xv = wasm_v128_load(x + i);
    v128_t gv = wasm_v128_load(g + i);
    if (useL2) gv = wasm_f32x4_add(gv, wasm_f32x4_mul(xv, L2));
    const v128_t mk = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), B1), wasm_f32x4_mul(gv, C1));
    const v128_t sk = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(s + i), B2), wasm_f32x4_mul(wasm_f32x4_mul(gv, gv), C2));
    wasm_v128_store(mo + i, mk);
    wasm_v128_store(so + i, sk);
    const v128_t step = wasm_f32x4_div(wasm_f32x4_mul(mk, LRC), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(sk, BC2)), EPS));
    wasm_v128_store(xo + i, wasm_f32x4_sub(useKeep ? wasm_f32x4_mul(xv, KEEP) : xv, step));
  }
  for (; i < n; i++) {
    const float xv = x[i];
    const float gv = useL2 ? g[i] + xv * l2 : g[i];
    const float mk = m[i] * b1 + gv * c1;
    const float sk = s[i] * b2 + (gv * gv) * c2;
    mo[i] = mk;
    so[i] = sk;
    const float step = (mk * lrc) / (__builtin_sqrtf(sk / bc2) + eps);
    xo[i] = (useKeep ? xv * keep : xv) - step;
  }
}

// Gather of rows (slice-gather.ts GatherV2, the training batch): dst[i] = src[idx[i]], rows of `run` 32-bit values,
// copied as bits: long rows with memory.copy, short ones sixteen / four values at a time, then one by one.
EXPORT void gather_rows(const int *src, const int *idx, int *dst, int n, int run) {
  if (run >= 64) {
    for (int i = 0; i < n; i++, dst += run) __builtin_memcpy(dst, src + (long)idx[i] * run, (unsigned long)run * 4);
    return;
  }
  for (int i = 0; i < n; i++, dst += run) {
    const int *s = src + (long)idx[i] * run;
    int k = 0;
    for (; k + 16 <= run; k += 16) {
      const v128_t a = wasm_v128_load(s + k), b = wasm_v128_load(s + k + 4), c = wasm_v128_load(s + k + 8), d = wasm_v128_load(s + k + 12);
      wasm_v128_store(dst + k, a);
      wasm_v128_store(dst + k + 4, b);
      wasm_v128_store(dst + k + 8, c);
      wasm_v128_store(dst + k + 12, d);
    }
    for (; k + 4 <= run; k += 4) wasm_v128_store(dst + k, wasm_v128_load(s + k));
    for (; k < run; k++) dst[k] = s[k];
  }
}

// e^x, four lanes (Cephes' expf: x = n·ln 2 + r, a degree-5 polynomial in r, 2^n put into the exponent): within
// 2 ulp of the correctly rounded value on [-87.3, 88.4]; below that 0 (as float32 exp underflows), NaN stays NaN.
static inline v128_t exp4(v128_t x) {
  const v128_t lo = wasm_f32x4_splat(-87.3365447f);
  const v128_t under = wasm_f32x4_lt(x, lo);
  // pmin / pmax (one instruction each; a NaN x stays NaN: it is the first operand and every comparison fails)
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, lo), wasm_f32x4_splat(88.3762626f));
  // n = round(x·log2 e) by the 1.5·2^23 trick: its low bits are n, and v − magic is n as a float
  const v128_t magic = wasm_f32x4_splat(12582912.0f);
  const v128_t v = MADD(magic, x, wasm_f32x4_splat(1.44269504088896341f));
  const v128_t fx = wasm_f32x4_sub(v, magic);
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(0.693359375f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t y = wasm_f32x4_splat(1.9875691500e-4f);
  y = MADD(wasm_f32x4_splat(1.3981999507e-3f), y, x);
  y = MADD(wasm_f32x4_splat(8.3334519073e-3f), y, x);
  y = MADD(wasm_f32x4_splat(4.1665795894e-2f), y, x);
  y = MADD(wasm_f32x4_splat(1.6666665459e-1f), y, x);
  y = MADD(wasm_f32x4_splat(5.0000001201e-1f), y, x);
  y = wasm_f32x4_add(MADD(x, y, wasm_f32x4_mul(x, x)), wasm_f32x4_splat(1.0f));
  const v128_t pow2n = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_sub(v, magic), wasm_i32x4_splat(127)), 23);
  y = wasm_f32x4_mul(y, pow2n);
  return wasm_v128_andnot(y, under);
}

// Lanes 0..n-1 of p (n < 4) as a vector, the others `fill`.
static inline v128_t load_partial(const float *p, int n, float fill) {
  return wasm_f32x4_make(p[0], n > 1 ? p[1] : fill, n > 2 ? p[2] : fill, fill);
}

// Softmax over the last axis (softmax.ts): out[r, :] = e^(x − max) / Σ e^(x − max), row by row; the maximum and
// the sum in four lanes, the division exact (as tfjs's cpu kernel: exp, sum, divide).
EXPORT void softmax_rows(const float *x, float *out, int rows, int cols) {
  const int c4 = cols & ~3, rem = cols - c4;
  for (int r = 0; r < rows; r++, x += cols, out += cols) {
    float mx = x[0];
    int j = 0;
    if (c4) {
      v128_t m = wasm_v128_load(x);
      for (j = 4; j < c4; j += 4) m = wasm_f32x4_pmax(m, wasm_v128_load(x + j));
      const float a = wasm_f32x4_extract_lane(m, 0), b = wasm_f32x4_extract_lane(m, 1);
      const float c = wasm_f32x4_extract_lane(m, 2), d = wasm_f32x4_extract_lane(m, 3);
      mx = a > b ? a : b;
      mx = mx > c ? mx : c;
      mx = mx > d ? mx : d;
    }
    for (j = c4; j < cols; j++) mx = x[j] > mx ? x[j] : mx;
    const v128_t M = wasm_f32x4_splat(mx);
    v128_t acc = wasm_f32x4_splat(0), acc1 = acc;
    // four / two vectors per iteration: independent polynomial chains in flight
    for (j = 0; j + 16 <= c4; j += 16) {
      const v128_t e0 = exp4(wasm_f32x4_sub(wasm_v128_load(x + j), M));
      const v128_t e1 = exp4(wasm_f32x4_sub(wasm_v128_load(x + j + 4), M));
      const v128_t e2 = exp4(wasm_f32x4_sub(wasm_v128_load(x + j + 8), M));
      const v128_t e3 = exp4(wasm_f32x4_sub(wasm_v128_load(x + j + 12), M));
      wasm_v128_store(out + j, e0);
      wasm_v128_store(out + j + 4, e1);
      wasm_v128_store(out + j + 8, e2);
      wasm_v128_store(out + j + 12, e3);
      acc = wasm_f32x4_add(acc, wasm_f32x4_add(e0, e2));
      acc1 = wasm_f32x4_add(acc1, wasm_f32x4_add(e1, e3));
    }
    for (; j + 8 <= c4; j += 8) {
      const v128_t e0 = exp4(wasm_f32x4_sub(wasm_v128_load(x + j), M));
      const v128_t e1 = exp4(wasm_f32x4_sub(wasm_v128_load(x + j + 4), M));
      wasm_v128_store(out + j, e0);
      wasm_v128_store(out + j + 4, e1);
      acc = wasm_f32x4_add(acc, e0);
      acc1 = wasm_f32x4_add(acc1, e1);
    }
    for (; j < c4; j += 4) {
      const v128_t e = exp4(wasm_f32x4_sub(wasm_v128_load(x + j), M));
      wasm_v128_store(out + j, e);
      acc = wasm_f32x4_add(acc, e);
    }
    acc = wasm_f32x4_add(acc, acc1);
    if (rem) {
      const v128_t e = exp4(wasm_f32x4_sub(load_partial(x + c4, rem, mx), M));
      out[c4] = wasm_f32x4_extract_lane(e, 0);
      if (rem > 1) out[c4 + 1] = wasm_f32x4_extract_lane(e, 1);
      if (rem > 2) out[c4 + 2] = wasm_f32x4_extract_lane(e, 2);
      acc = wasm_f32x4_add(acc, wasm_v128_and(e, wasm_i32x4_make(-1, rem > 1 ? -1 : 0, rem > 2 ? -1 : 0, 0)));
    }
    const float sum = (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
                      (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
    const v128_t S = wasm_f32x4_splat(sum);
    for (j = 0; j < c4; j += 4) wasm_v128_store(out + j, wasm_f32x4_div(wasm_v128_load(out + j), S));
    for (j = c4; j < cols; j++) out[j] = out[j] / sum;
  }
}

// The softmax gradient from its output y (softmax.ts): dx = dy·y − (Σ_row dy·y)·y, the operations tfjs's
// gradient runs as four kernels (mul, sum, mul, sub), in one pass per row.
EXPORT void softmax_grad(const float *dy, const float *y, float *dx, int rows, int cols) {
  const int c4 = cols & ~3;
  for (int r = 0; r < rows; r++, dy += cols, y += cols, dx += cols) {
    v128_t acc = wasm_f32x4_splat(0);
    int j = 0;
    for (; j < c4; j += 4) {
      const v128_t p = wasm_f32x4_mul(wasm_v128_load(dy + j), wasm_v128_load(y + j));
      wasm_v128_store(dx + j, p);
      acc = wasm_f32x4_add(acc, p);
    }
    float s = (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
              (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
    for (; j < cols; j++) {
      dx[j] = dy[j] * y[j];
      s += dx[j];
    }
    const v128_t S = wasm_f32x4_splat(s);
    for (j = 0; j < c4; j += 4) wasm_v128_store(dx + j, wasm_f32x4_sub(wasm_v128_load(dx + j), wasm_f32x4_mul(S, wasm_v128_load(y + j))));
    for (; j < cols; j++) dx[j] = dx[j] - s * y[j];
  }
}

// Softmax cross-entropy (masked-loss.ts), per row of logits: stats[3r..3r+2] = the maximum, Σ e^(x − max) (exp4) and
// the first maximum's index; the caller takes the logarithm per row.
EXPORT void ce_stats(const float *x, float *stats, int rows, int cols) {
  const int c4 = cols & ~3, rem = cols - c4;
  for (int r = 0; r < rows; r++, x += cols, stats += 3) {
    float mx = x[0];
    int arg = 0;
    for (int j = 1; j < cols; j++) {
      if (x[j] > mx) {
        mx = x[j];
        arg = j;
      }
    }
    const v128_t M = wasm_f32x4_splat(mx);
    v128_t acc = wasm_f32x4_splat(0);
    for (int j = 0; j < c4; j += 4) acc = wasm_f32x4_add(acc, exp4(wasm_f32x4_sub(wasm_v128_load(x + j), M)));
    if (rem) {
      const v128_t e = exp4(wasm_f32x4_sub(load_partial(x + c4, rem, mx), M));
      acc = wasm_f32x4_add(acc, wasm_v128_and(e, wasm_i32x4_make(-1, rem > 1 ? -1 : 0, rem > 2 ? -1 : 0, 0)));
    }
    stats[0] = mx;
    stats[1] = (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
               (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
    stats[2] = (float)arg;
  }
}

// Its gradient: dx[r, :] = mask[r]·scale·(softmax(x[r, :]) − one-hot(trunc(y[r]))); rows whose class is out of
// range (or NaN) have no loss: 0.
EXPORT void ce_grad(const float *x, const float *y, const float *mask, float *dx, int rows, int cols, float scale) {
  softmax_rows(x, dx, rows, cols);
  for (int r = 0; r < rows; r++, dx += cols) {
    const float yv = y[r];
    if (!(yv > -1.0f && yv < (float)cols)) {
      for (int j = 0; j < cols; j++) dx[j] = 0;
      continue;
    }
    dx[(int)yv] -= 1.0f;
    const float w = mask[r] * scale;
    const v128_t W = wasm_f32x4_splat(w);
    int j = 0;
    for (; j + 4 <= cols; j += 4) wasm_v128_store(dx + j, wasm_f32x4_mul(W, wasm_v128_load(dx + j)));
    for (; j < cols; j++) dx[j] = w * dx[j];
  }
}

// ---- end of the dense-layer section ----

// Direct convolution for one input channel (a first layer on grey images), where XNNPACK's
// convolution runs at a third of its usual speed: out[n,oh,ow,:] = bias + Σ taps x · w[tap,:].
// NHWC; wp is the filter [fh·fw, co4] padded with zeros to co4 = co rounded up to 4 (the caller
// makes it), bias is co4 long (zero-padded) or 0. Output channels four at a time in registers.
static inline void store_partial(float *out, v128_t v, int n) {
  if (n > 0) out[0] = wasm_f32x4_extract_lane(v, 0);
  if (n > 1) out[1] = wasm_f32x4_extract_lane(v, 1);
  if (n > 2) out[2] = wasm_f32x4_extract_lane(v, 2);
}

// One output pixel (the edges, where taps fall outside the image).
static void conv2d_c1_pixel(const float *img, const float *wp, const float *bias, float *out, int wd, int co, int co4,
                            int r0, int c0, int khMin, int khMax, int kwMin, int kwMax, int fw) {
  for (int j = 0; j < co4; j += 4) {
    v128_t a0 = bias ? wasm_v128_load(bias + j) : wasm_f32x4_splat(0);
    for (int kh = khMin; kh < khMax; kh++) {
      const float *xr = img + (r0 + kh) * wd + c0;
      const float *wr = wp + (kh * fw) * co4 + j;
      for (int kw = kwMin; kw < kwMax; kw++)
        a0 = MADD(a0, wasm_v128_load32_splat(xr + kw), wasm_v128_load(wr + kw * co4));
    }
    if (j + 4 <= co) wasm_v128_store(out + j, a0); else store_partial(out + j, a0, co - j);
  }
}

static inline const float *window_at(const float *x, int q, int hw, int wo, int h, int xRow, int sh, int sw, int ci) {
  const int n = q / hw, rem = q - n * hw, oh = rem / wo, ow = rem - oh * wo;
  return x + ((long)n * h + oh * sh) * xRow + ow * sw * ci;
}

// Conv2D without padding or dilation, any channel counts: the product kernel's four rows × eight
// columns with the rows being four output pixels and the k axis their windows read in place (one
// filter row's fw·ci taps are contiguous in NHWC x and in the filter [fh, fw, ci, co]): an im2col that
// is never written. Pixels past the end repeat the last one, unstored.
static void conv2d_valid_impl(const float *x, const float *wt, const float *bias, float *out, int nb, int h, int wd, int ci,
                              int co, int ho, int wo, int sh, int sw, int fh, int fw) {
  const int hw = ho * wo;
  const int total = nb * hw;
  const int rowLen = fw * ci;
  const int xRow = wd * ci;
  const int n8 = co & ~7;
  const int n4 = co & ~3;
  for (int p = 0; p < total; p += 4) {
    const int rows = total - p < 4 ? total - p : 4;
    const float *w0 = window_at(x, p, hw, wo, h, xRow, sh, sw, ci);
    const float *w1 = window_at(x, rows > 1 ? p + 1 : p, hw, wo, h, xRow, sh, sw, ci);
    const float *w2 = window_at(x, rows > 2 ? p + 2 : p, hw, wo, h, xRow, sh, sw, ci);
    const float *w3 = window_at(x, rows > 3 ? p + 3 : p, hw, wo, h, xRow, sh, sw, ci);
    float *o0 = out + (long)p * co;
    int j = 0;
    for (; j < n8; j += 8) {
      v128_t c00 = bias ? wasm_v128_load(bias + j) : wasm_f32x4_splat(0), c10 = c00, c20 = c00, c30 = c00;
      v128_t c01 = bias ? wasm_v128_load(bias + j + 4) : wasm_f32x4_splat(0), c11 = c01, c21 = c01, c31 = c01;
      for (int kh = 0; kh < fh; kh++) {
        const float *a0 = w0 + kh * xRow, *a1 = w1 + kh * xRow, *a2 = w2 + kh * xRow, *a3 = w3 + kh * xRow;
        const float *b = wt + (long)kh * rowLen * co + j;
        for (int t = 0; t < rowLen; t++, b += co) {
          const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
          const v128_t x0 = wasm_v128_load32_splat(a0 + t), x1 = wasm_v128_load32_splat(a1 + t);
          c00 = MADD(c00, x0, b0);
          c01 = MADD(c01, x0, b1);
          c10 = MADD(c10, x1, b0);
          c11 = MADD(c11, x1, b1);
          const v128_t x2 = wasm_v128_load32_splat(a2 + t), x3 = wasm_v128_load32_splat(a3 + t);
          c20 = MADD(c20, x2, b0);
          c21 = MADD(c21, x2, b1);
          c30 = MADD(c30, x3, b0);
          c31 = MADD(c31, x3, b1);
        }
      }
      wasm_v128_store(o0 + j, c00);
      wasm_v128_store(o0 + j + 4, c01);
      if (rows > 1) { wasm_v128_store(o0 + co + j, c10); wasm_v128_store(o0 + co + j + 4, c11); }
      if (rows > 2) { wasm_v128_store(o0 + 2 * co + j, c20); wasm_v128_store(o0 + 2 * co + j + 4, c21); }
      if (rows > 3) { wasm_v128_store(o0 + 3 * co + j, c30); wasm_v128_store(o0 + 3 * co + j + 4, c31); }
    }
    for (; j < n4; j += 4) {
      v128_t c0 = bias ? wasm_v128_load(bias + j) : wasm_f32x4_splat(0), c1 = c0, c2 = c0, c3 = c0;
      for (int kh = 0; kh < fh; kh++) {
        const float *a0 = w0 + kh * xRow, *a1 = w1 + kh * xRow, *a2 = w2 + kh * xRow, *a3 = w3 + kh * xRow;
        const float *b = wt + (long)kh * rowLen * co + j;
        for (int t = 0; t < rowLen; t++, b += co) {
          const v128_t b0 = wasm_v128_load(b);
          c0 = MADD(c0, wasm_v128_load32_splat(a0 + t), b0);
          c1 = MADD(c1, wasm_v128_load32_splat(a1 + t), b0);
          c2 = MADD(c2, wasm_v128_load32_splat(a2 + t), b0);
          c3 = MADD(c3, wasm_v128_load32_splat(a3 + t), b0);
        }
      }
      wasm_v128_store(o0 + j, c0);
      if (rows > 1) wasm_v128_store(o0 + co + j, c1);
      if (rows > 2) wasm_v128_store(o0 + 2 * co + j, c2);
      if (rows > 3) wasm_v128_store(o0 + 3 * co + j, c3);
    }
    for (; j < co; j++) {
      for (int r = 0; r < rows; r++) {
        const float *wr = r == 0 ? w0 : r == 1 ? w1 : r == 2 ? w2 : w3;
        float c = bias ? bias[j] : 0;
        for (int kh = 0; kh < fh; kh++) {
          const float *a = wr + kh * xRow;
          const float *b = wt + (long)kh * rowLen * co + j;
          for (int t = 0; t < rowLen; t++) c += a[t] * b[(long)t * co];
        }
        o0[r * co + j] = c;
      }
    }
  }
}

EXPORT void conv2d_valid(const float *x, const float *wt, float *out, int nb, int h, int wd, int ci, int co,
                         int ho, int wo, int sh, int sw, int fh, int fw) {
  conv2d_valid_impl(x, wt, 0, out, nb, h, wd, ci, co, ho, wo, sh, sw, fh, fw);
}

// The same with a bias of co values added (the accumulators start from it): a conv layer's forward in one pass.
EXPORT void conv2d_valid_bias(const float *x, const float *wt, const float *bias, float *out, int nb, int h, int wd, int ci,
                              int co, int ho, int wo, int sh, int sw, int fh, int fw) {
  conv2d_valid_impl(x, wt, bias, out, nb, h, wd, ci, co, ho, wo, sh, sw, fh, fw);
}

EXPORT void conv2d_c1(const float *x, const float *wp, const float *bias, float *out, int nb, int h, int wd,
                      int co, int ho, int wo, int sh, int sw, int fh, int fw, int pt, int pl) {
  const int co4 = (co + 3) & ~3;
  // Output columns whose whole window lies inside the image: [owLo, owHi).
  int owLo = 0;
  while (owLo < wo && owLo * sw - pl < 0) owLo++;
  int owHi = wo;
  while (owHi > owLo && (owHi - 1) * sw - pl + fw > wd) owHi--;
  for (int n = 0; n < nb; n++) {
    const float *img = x + (long)n * h * wd;
    for (int oh = 0; oh < ho; oh++) {
      const int r0 = oh * sh - pt;
      const int khMin = r0 < 0 ? -r0 : 0;
      const int khMax = r0 + fh > h ? h - r0 : fh;
      float *orow = out + ((long)n * ho + oh) * wo * co;
      for (int ow = 0; ow < owLo; ow++) {
        const int c0 = ow * sw - pl;
        conv2d_c1_pixel(img, wp, bias, orow + ow * co, wd, co, co4, r0, c0, khMin, khMax, c0 < 0 ? -c0 : 0, c0 + fw > wd ? wd - c0 : fw, fw);
      }
      int ow = owLo;
      // Four pixels at a time: each filter load feeds all four.
      for (; ow + 4 <= owHi; ow += 4) {
        const int c0 = ow * sw - pl;
        float *o0 = orow + ow * co;
        int j = 0;
        // Eight channels × four pixels (eight accumulators): each tap's four input loads feed eight multiply-adds.
        for (; j + 8 <= co; j += 8) {
          v128_t a0 = bias ? wasm_v128_load(bias + j) : wasm_f32x4_splat(0);
          v128_t e0 = bias ? wasm_v128_load(bias + j + 4) : wasm_f32x4_splat(0);
          v128_t a1 = a0, a2 = a0, a3 = a0, e1 = e0, e2 = e0, e3 = e0;
          for (int kh = khMin; kh < khMax; kh++) {
            const float *xr = img + (r0 + kh) * wd + c0;
            const float *wr = wp + (kh * fw) * co4 + j;
            for (int kw = 0; kw < fw; kw++) {
              const v128_t wv = wasm_v128_load(wr + kw * co4), wu = wasm_v128_load(wr + kw * co4 + 4);
              const v128_t x0 = wasm_v128_load32_splat(xr + kw), x1 = wasm_v128_load32_splat(xr + kw + sw);
              const v128_t x2 = wasm_v128_load32_splat(xr + kw + 2 * sw), x3 = wasm_v128_load32_splat(xr + kw + 3 * sw);
              a0 = MADD(a0, x0, wv);
              e0 = MADD(e0, x0, wu);
              a1 = MADD(a1, x1, wv);
              e1 = MADD(e1, x1, wu);
              a2 = MADD(a2, x2, wv);
              e2 = MADD(e2, x2, wu);
              a3 = MADD(a3, x3, wv);
              e3 = MADD(e3, x3, wu);
            }
          }
          wasm_v128_store(o0 + j, a0);
          wasm_v128_store(o0 + j + 4, e0);
          wasm_v128_store(o0 + co + j, a1);
          wasm_v128_store(o0 + co + j + 4, e1);
          wasm_v128_store(o0 + 2 * co + j, a2);
          wasm_v128_store(o0 + 2 * co + j + 4, e2);
          wasm_v128_store(o0 + 3 * co + j, a3);
          wasm_v128_store(o0 + 3 * co + j + 4, e3);
        }
        for (; j < co4; j += 4) {
          v128_t a0 = bias ? wasm_v128_load(bias + j) : wasm_f32x4_splat(0);
          v128_t a1 = a0, a2 = a0, a3 = a0;
          for (int kh = khMin; kh < khMax; kh++) {
            const float *xr = img + (r0 + kh) * wd + c0;
            const float *wr = wp + (kh * fw) * co4 + j;
            for (int kw = 0; kw < fw; kw++) {
              const v128_t wv = wasm_v128_load(wr + kw * co4);
              a0 = MADD(a0, wasm_v128_load32_splat(xr + kw), wv);
              a1 = MADD(a1, wasm_v128_load32_splat(xr + kw + sw), wv);
              a2 = MADD(a2, wasm_v128_load32_splat(xr + kw + 2 * sw), wv);
              a3 = MADD(a3, wasm_v128_load32_splat(xr + kw + 3 * sw), wv);
            }
          }
          if (j + 4 <= co) {
            wasm_v128_store(o0 + j, a0);
            wasm_v128_store(o0 + co + j, a1);
            wasm_v128_store(o0 + 2 * co + j, a2);
            wasm_v128_store(o0 + 3 * co + j, a3);
          } else {
            store_partial(o0 + j, a0, co - j);
            store_partial(o0 + co + j, a1, co - j);
            store_partial(o0 + 2 * co + j, a2, co - j);
            store_partial(o0 + 3 * co + j, a3, co - j);
          }
        }
      }
      for (; ow < wo; ow++) {
        const int c0 = ow * sw - pl;
        conv2d_c1_pixel(img, wp, bias, orow + ow * co, wd, co, co4, r0, c0, khMin, khMax, c0 < 0 ? -c0 : 0, c0 + fw > wd ? wd - c0 : fw, fw);
      }
    }
  }
}

// Filter gradient of that convolution: dW[tap, :] = Σ_{n,oh,ow} x[n, oh·sh + kh − pt, ow·sw + kw − pl] · dy[n,oh,ow,:].
// Per output row, every tap's accumulators (dw itself, small) meet the row of dy while it is in
// cache. dwp is [fh·fw, co4]; the caller drops the padding. The last vector of a row may read up
// to 3 floats past that row's channels (the next pixel's: harmless lanes), never past dy's end.
// Adds tap (kh, kw)'s contribution of output columns [a, b) of one row into g (co4 wide).
static void c1_tap_range(const float *xr, const float *dr, float *g, int co, int co4, int sw, int kw, int pl, int a, int b) {
  for (int j = 0; j < co4; j += 4) {
    v128_t acc = wasm_v128_load(g + j);
    const float *xp = xr + a * sw + kw - pl;
    const float *dp = dr + a * co + j;
    for (int ow = a; ow < b; ow++, xp += sw, dp += co)
      acc = MADD(acc, wasm_v128_load32_splat(xp), wasm_v128_load(dp));
    wasm_v128_store(g + j, acc);
  }
}

static inline int c1_lo(int wo, int sw, int kw, int pl) {
  int lo = 0;
  while (lo < wo && lo * sw + kw - pl < 0) lo++;
  return lo;
}

static inline int c1_hi(int lo, int wo, int sw, int kw, int pl, int wd) {
  int hi = wo;
  while (hi > lo && (hi - 1) * sw + kw - pl >= wd) hi--;
  return hi;
}

EXPORT void conv2d_c1_filter_grad(const float *x, const float *dy, float *dwp, int nb, int h, int wd, int co,
                                  int ho, int wo, int sh, int sw, int fh, int fw, int pt, int pl) {
  const int co4 = (co + 3) & ~3;
  __builtin_memset(dwp, 0, (unsigned long)fh * fw * co4 * sizeof(float));
  for (int n = 0; n < nb; n++) {
    const float *img = x + (long)n * h * wd;
    for (int oh = 0; oh < ho; oh++) {
      const float *dr = dy + ((long)n * ho + oh) * wo * co;
      // On the tensor's very last row, its last pixel is read lane by lane (nothing after it).
      const int last = n == nb - 1 && oh == ho - 1 && co4 != co;
      const int woV = last ? wo - 1 : wo;
      for (int kh = 0; kh < fh; kh++) {
        const int r = oh * sh + kh - pt;
        if (r < 0 || r >= h) continue;
        const float *xr = img + r * wd;
        int kw = 0;
        // Taps in pairs: each dy vector feeds both.
        for (; kw + 2 <= fw; kw += 2) {
          float *g0 = dwp + (kh * fw + kw) * co4;
          float *g1 = g0 + co4;
          const int lo0 = c1_lo(wo, sw, kw, pl), hi0 = c1_hi(lo0, woV, sw, kw, pl, wd);
          const int lo1 = c1_lo(wo, sw, kw + 1, pl), hi1 = c1_hi(lo1, woV, sw, kw + 1, pl, wd);
          const int lo = lo0 > lo1 ? lo0 : lo1;
          const int hi = hi0 < hi1 ? hi0 : hi1;
          if (lo < hi) {
            int j = 0;
            for (; j + 8 <= co4; j += 8) {
              v128_t a0 = wasm_v128_load(g0 + j), a1 = wasm_v128_load(g0 + j + 4);
              v128_t b0 = wasm_v128_load(g1 + j), b1 = wasm_v128_load(g1 + j + 4);
              const float *xp = xr + lo * sw + kw - pl;
              const float *dp = dr + lo * co + j;
              for (int ow = lo; ow < hi; ow++, xp += sw, dp += co) {
                const v128_t d0 = wasm_v128_load(dp), d1 = wasm_v128_load(dp + 4);
                const v128_t x0 = wasm_v128_load32_splat(xp), x1 = wasm_v128_load32_splat(xp + 1);
                a0 = MADD(a0, x0, d0);
                a1 = MADD(a1, x0, d1);
                b0 = MADD(b0, x1, d0);
                b1 = MADD(b1, x1, d1);
              }
              wasm_v128_store(g0 + j, a0);
              wasm_v128_store(g0 + j + 4, a1);
              wasm_v128_store(g1 + j, b0);
              wasm_v128_store(g1 + j + 4, b1);
            }
            for (; j < co4; j += 4) {
              v128_t a0 = wasm_v128_load(g0 + j), b0 = wasm_v128_load(g1 + j);
              const float *xp = xr + lo * sw + kw - pl;
              const float *dp = dr + lo * co + j;
              for (int ow = lo; ow < hi; ow++, xp += sw, dp += co) {
                const v128_t d0 = wasm_v128_load(dp);
                a0 = MADD(a0, wasm_v128_load32_splat(xp), d0);
                b0 = MADD(b0, wasm_v128_load32_splat(xp + 1), d0);
              }
              wasm_v128_store(g0 + j, a0);
              wasm_v128_store(g1 + j, b0);
            }
            c1_tap_range(xr, dr, g0, co, co4, sw, kw, pl, lo0, lo);
            c1_tap_range(xr, dr, g0, co, co4, sw, kw, pl, hi, hi0);
            c1_tap_range(xr, dr, g1, co, co4, sw, kw + 1, pl, lo1, lo);
            c1_tap_range(xr, dr, g1, co, co4, sw, kw + 1, pl, hi, hi1);
          } else {
            c1_tap_range(xr, dr, g0, co, co4, sw, kw, pl, lo0, hi0);
            c1_tap_range(xr, dr, g1, co, co4, sw, kw + 1, pl, lo1, hi1);
          }
        }
        for (; kw < fw; kw++) {
          const int lo0 = c1_lo(wo, sw, kw, pl);
          c1_tap_range(xr, dr, dwp + (kh * fw + kw) * co4, co, co4, sw, kw, pl, lo0, c1_hi(lo0, woV, sw, kw, pl, wd));
        }
        if (last) {
          // The last pixel of the tensor, channel by channel.
          const int ow = wo - 1;
          for (int k = 0; k < fw; k++) {
            const int c = ow * sw + k - pl;
            if (c < 0 || c >= wd) continue;
            const float xv = xr[c];
            float *g = dwp + (kh * fw + k) * co4;
            for (int j = 0; j < co; j++) g[j] += xv * dr[ow * co + j];
          }
        }
      }
    }
  }
}

// out = x + b broadcast over the last axis (every bias add): rows × cols.
EXPORT void add_bias(const float *x, const float *b, float *out, int rows, int cols) {
  for (int i = 0; i < rows; i++, x += cols, out += cols) {
    int j = 0;
    for (; j + 4 <= cols; j += 4) wasm_v128_store(out + j, wasm_f32x4_add(wasm_v128_load(x + j), wasm_v128_load(b + j)));
    if (j < cols && cols >= 4) {
      // the last four columns again (overlapping): the same sums, no scalar tail
      j = cols - 4;
      wasm_v128_store(out + j, wasm_f32x4_add(wasm_v128_load(x + j), wasm_v128_load(b + j)));
      j = cols;
    }
    for (; j < cols; j++) out[j] = x[j] + b[j];
  }
}

// Number of non-zero values (a gradient after max-pooling or relu is mostly zeros).
EXPORT int count_nonzero(const float *p, int n) {
  int c = 0;
  for (int i = 0; i < n; i++) c += p[i] != 0.0f;
  return c;
}

// acc[0..ci) += v · src[0..ci)
static inline void axpy(float *acc, const float *src, float v, int ci) {
  const v128_t vv = wasm_f32x4_splat(v);
  int i = 0;
  for (; i + 8 <= ci; i += 8) {
    wasm_v128_store(acc + i, MADD(wasm_v128_load(acc + i), vv, wasm_v128_load(src + i)));
    wasm_v128_store(acc + i + 4, MADD(wasm_v128_load(acc + i + 4), vv, wasm_v128_load(src + i + 4)));
  }
  for (; i + 4 <= ci; i += 4) wasm_v128_store(acc + i, MADD(wasm_v128_load(acc + i), vv, wasm_v128_load(src + i)));
  for (; i < ci; i++) acc[i] += v * src[i];
}

// Convolution gradients driven by the non-zero entries of dy only (after a max-pool, at most one
// in four): each non-zero dy[n,oh,ow,o] touches fh·fw rows of ci values. Exactly the dense
// result (the zeros contribute nothing), at a cost proportional to the non-zeros. Padded
// convolutions only: unpadded ones take the list kernels below.
// Filter gradient: dwt is [co][fh][fw][ci], overwritten.
EXPORT void conv_sparse_filter_grad(const float *x, const float *dy, float *dwt, int nb, int h, int w, int ci, int ho, int wo,
                                    int co, int sh, int sw, int fh, int fw, int pt, int pl) {
  __builtin_memset(dwt, 0, (unsigned long)co * fh * fw * ci * sizeof(float));
  const float *g = dy;
  for (int n = 0; n < nb; n++) {
    for (int oh = 0; oh < ho; oh++) {
      for (int ow = 0; ow < wo; ow++, g += co) {
        const int c0 = ow * sw - pl;
        const int kwMin = c0 < 0 ? -c0 : 0;
        const int kwMax = c0 + fw > w ? w - c0 : fw;
        if (kwMin >= kwMax) continue;
        const int len = (kwMax - kwMin) * ci;
        for (int o = 0; o < co; o++) {
          const float v = g[o];
          if (v == 0.0f) continue;
          for (int kh = 0; kh < fh; kh++) {
            const int r = oh * sh + kh - pt;
            if (r < 0 || r >= h) continue;
            // x's row segment under the filter row is contiguous too (any stride: one pixel).
            axpy(dwt + ((o * fh + kh) * fw + kwMin) * ci, x + ((long)(n * h + r) * w + c0 + kwMin) * ci, v, len);
          }
        }
      }
    }
  }
}

// count runs of `run` 4-byte values: dst[i·dstStride + k] = src[i·srcStride + k] (the strided
// copies of Pack, Unpack and Concat; float32 and int32 alike, bit for bit).
EXPORT void copy_runs(const int *src, int *dst, int count, int run, int srcStride, int dstStride) {
  for (int i = 0; i < count; i++, src += srcStride, dst += dstStride) {
    int k = 0;
    for (; k + 4 <= run; k += 4) wasm_v128_store(dst + k, wasm_v128_load(src + k));
    for (; k < run; k++) dst[k] = src[k];
  }
}

// ---- Convolution gradients from lists of dy's non-zero entries, accumulated in registers ----
// (conv/pool section.) The sparse kernels above add one filter row per non-zero entry straight into
// memory; consecutive entries of one pixel then update the same dx row, so each multiply-add waits for
// the previous store (store-to-load forwarding). Here the non-zeros are first listed (one pass over dy),
// then every output row segment is loaded into registers once, receives all its contributions, and is
// stored once.

// dst[0..len) += Σ_k val[k] · base[off[k] + 0..len). A length that is no multiple of four ends with one
// group of four overlapping the previous one (its own accumulators: the shared lanes get the same sums).
static inline void gaxpy(float *dst, int len, const float *base, const int *off, const float *val, int nk) {
  if (len < 4) {
    for (int i = 0; i < len; i++) {
      float a = dst[i];
      for (int k = 0; k < nk; k++) a += val[k] * base[off[k] + i];
      dst[i] = a;
    }
    return;
  }
  if (len > 48 && len <= 52) {
    // Thirteen groups (MultiLeNet's conv2: fw·ci = 50) in one pass: every accumulator is loaded before
    // any is stored, so the overlapping last one starts from the original values too.
    const int j = len - 4;
    v128_t a0 = wasm_v128_load(dst), a1 = wasm_v128_load(dst + 4), a2 = wasm_v128_load(dst + 8),
           a3 = wasm_v128_load(dst + 12), a4 = wasm_v128_load(dst + 16), a5 = wasm_v128_load(dst + 20),
           a6 = wasm_v128_load(dst + 24), a7 = wasm_v128_load(dst + 28), a8 = wasm_v128_load(dst + 32),
           a9 = wasm_v128_load(dst + 36), a10 = wasm_v128_load(dst + 40), a11 = wasm_v128_load(dst + 44),
           a12 = wasm_v128_load(dst + j);
    for (int k = 0; k < nk; k++) {
      const v128_t v = wasm_f32x4_splat(val[k]);
      const float *s = base + off[k];
      a0 = MADD(a0, v, wasm_v128_load(s));
      a1 = MADD(a1, v, wasm_v128_load(s + 4));
      a2 = MADD(a2, v, wasm_v128_load(s + 8));
      a3 = MADD(a3, v, wasm_v128_load(s + 12));
      a4 = MADD(a4, v, wasm_v128_load(s + 16));
      a5 = MADD(a5, v, wasm_v128_load(s + 20));
      a6 = MADD(a6, v, wasm_v128_load(s + 24));
      a7 = MADD(a7, v, wasm_v128_load(s + 28));
      a8 = MADD(a8, v, wasm_v128_load(s + 32));
      a9 = MADD(a9, v, wasm_v128_load(s + 36));
      a10 = MADD(a10, v, wasm_v128_load(s + 40));
      a11 = MADD(a11, v, wasm_v128_load(s + 44));
      a12 = MADD(a12, v, wasm_v128_load(s + j));
    }
    wasm_v128_store(dst + j, a12);
    wasm_v128_store(dst, a0);
    wasm_v128_store(dst + 4, a1);
    wasm_v128_store(dst + 8, a2);
    wasm_v128_store(dst + 12, a3);
    wasm_v128_store(dst + 16, a4);
    wasm_v128_store(dst + 20, a5);
    wasm_v128_store(dst + 24, a6);
    wasm_v128_store(dst + 28, a7);
    wasm_v128_store(dst + 32, a8);
    wasm_v128_store(dst + 36, a9);
    wasm_v128_store(dst + 40, a10);
    wasm_v128_store(dst + 44, a11);
    return;
  }
  // The overlapping last group first, from dst's original values, stored last.
  const int j = len - 4;
  v128_t t = wasm_v128_load(dst + j);
  if (len & 3)
    for (int k = 0; k < nk; k++) t = MADD(t, wasm_f32x4_splat(val[k]), wasm_v128_load(base + off[k] + j));
  int i = 0;
  for (; i + 32 <= len; i += 32) {
    v128_t a0 = wasm_v128_load(dst + i), a1 = wasm_v128_load(dst + i + 4), a2 = wasm_v128_load(dst + i + 8),
           a3 = wasm_v128_load(dst + i + 12), a4 = wasm_v128_load(dst + i + 16), a5 = wasm_v128_load(dst + i + 20),
           a6 = wasm_v128_load(dst + i + 24), a7 = wasm_v128_load(dst + i + 28);
    for (int k = 0; k < nk; k++) {
      const v128_t v = wasm_f32x4_splat(val[k]);
      const float *s = base + off[k] + i;
      a0 = MADD(a0, v, wasm_v128_load(s));
      a1 = MADD(a1, v, wasm_v128_load(s + 4));
      a2 = MADD(a2, v, wasm_v128_load(s + 8));
      a3 = MADD(a3, v, wasm_v128_load(s + 12));
      a4 = MADD(a4, v, wasm_v128_load(s + 16));
      a5 = MADD(a5, v, wasm_v128_load(s + 20));
      a6 = MADD(a6, v, wasm_v128_load(s + 24));
      a7 = MADD(a7, v, wasm_v128_load(s + 28));
    }
    wasm_v128_store(dst + i, a0);
    wasm_v128_store(dst + i + 4, a1);
    wasm_v128_store(dst + i + 8, a2);
    wasm_v128_store(dst + i + 12, a3);
    wasm_v128_store(dst + i + 16, a4);
    wasm_v128_store(dst + i + 20, a5);
    wasm_v128_store(dst + i + 24, a6);
    wasm_v128_store(dst + i + 28, a7);
  }
  for (; i + 16 <= len; i += 16) {
    v128_t a0 = wasm_v128_load(dst + i), a1 = wasm_v128_load(dst + i + 4), a2 = wasm_v128_load(dst + i + 8),
           a3 = wasm_v128_load(dst + i + 12);
    for (int k = 0; k < nk; k++) {
      const v128_t v = wasm_f32x4_splat(val[k]);
      const float *s = base + off[k] + i;
      a0 = MADD(a0, v, wasm_v128_load(s));
      a1 = MADD(a1, v, wasm_v128_load(s + 4));
      a2 = MADD(a2, v, wasm_v128_load(s + 8));
      a3 = MADD(a3, v, wasm_v128_load(s + 12));
    }
    wasm_v128_store(dst + i, a0);
    wasm_v128_store(dst + i + 4, a1);
    wasm_v128_store(dst + i + 8, a2);
    wasm_v128_store(dst + i + 12, a3);
  }
  for (; i + 8 <= len; i += 8) {
    v128_t a0 = wasm_v128_load(dst + i), a1 = wasm_v128_load(dst + i + 4);
    for (int k = 0; k < nk; k++) {
      const v128_t v = wasm_f32x4_splat(val[k]);
      const float *s = base + off[k] + i;
      a0 = MADD(a0, v, wasm_v128_load(s));
      a1 = MADD(a1, v, wasm_v128_load(s + 4));
    }
    wasm_v128_store(dst + i, a0);
    wasm_v128_store(dst + i + 4, a1);
  }
  if (i + 4 <= len) {
    v128_t a0 = wasm_v128_load(dst + i);
    for (int k = 0; k < nk; k++) a0 = MADD(a0, wasm_f32x4_splat(val[k]), wasm_v128_load(base + off[k] + i));
    wasm_v128_store(dst + i, a0);
    i += 4;
  }
  if (len & 3) wasm_v128_store(dst + j, t);
}

// A channel's bias gradient from its list of dy's non-zeros (the zeros add nothing): four accumulators.
static inline float list_sum(const float *lv, int nk) {
  float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  int k = 0;
  for (; k + 4 <= nk; k += 4) {
    a0 += lv[k];
    a1 += lv[k + 1];
    a2 += lv[k + 2];
    a3 += lv[k + 3];
  }
  for (; k < nk; k++) a0 += lv[k];
  return (a0 + a1) + (a2 + a3);
}

// A channel's filter gradient rows d[fh][len] += Σ_k lv[k] · x[lo[k] + kh·xRow .. + len) over its list.
static inline void list_filter_rows(float *d, int len, int fh, const float *x, int xRow, const int *lo, const float *lv, int nk) {
  if (fh == 5 && len >= 4 && len <= 8) {
    // Two groups of four a row (the second overlapping the first where len < 8): ten accumulators, all
    // loaded before any is stored (the overlapping lanes get the same sums).
    const int e = len - 4;
    v128_t a0 = wasm_v128_load(d), a1 = wasm_v128_load(d + len), a2 = wasm_v128_load(d + 2 * len),
           a3 = wasm_v128_load(d + 3 * len), a4 = wasm_v128_load(d + 4 * len);
    v128_t b0 = wasm_v128_load(d + e), b1 = wasm_v128_load(d + len + e), b2 = wasm_v128_load(d + 2 * len + e),
           b3 = wasm_v128_load(d + 3 * len + e), b4 = wasm_v128_load(d + 4 * len + e);
    for (int k = 0; k < nk; k++) {
      const v128_t v = wasm_f32x4_splat(lv[k]);
      const float *s = x + lo[k];
      a0 = MADD(a0, v, wasm_v128_load(s));
      b0 = MADD(b0, v, wasm_v128_load(s + e));
      s += xRow;
      a1 = MADD(a1, v, wasm_v128_load(s));
      b1 = MADD(b1, v, wasm_v128_load(s + e));
      s += xRow;
      a2 = MADD(a2, v, wasm_v128_load(s));
      b2 = MADD(b2, v, wasm_v128_load(s + e));
      s += xRow;
      a3 = MADD(a3, v, wasm_v128_load(s));
      b3 = MADD(b3, v, wasm_v128_load(s + e));
      s += xRow;
      a4 = MADD(a4, v, wasm_v128_load(s));
      b4 = MADD(b4, v, wasm_v128_load(s + e));
    }
    wasm_v128_store(d + e, b0);
    wasm_v128_store(d, a0);
    wasm_v128_store(d + len + e, b1);
    wasm_v128_store(d + len, a1);
    wasm_v128_store(d + 2 * len + e, b2);
    wasm_v128_store(d + 2 * len, a2);
    wasm_v128_store(d + 3 * len + e, b3);
    wasm_v128_store(d + 3 * len, a3);
    wasm_v128_store(d + 4 * len + e, b4);
    wasm_v128_store(d + 4 * len, a4);
  } else {
    for (int kh = 0; kh < fh; kh++) gaxpy(d + kh * len, len, x + kh * xRow, lo, lv, nk);
  }
}


// Input gradient: dx[n, r, c, :] = Σ dy[n, oh, ow, o] · w[kh, kw, :, o] over r = oh·sh + kh − pt, c = ow·sw + kw − pl.
// wt is the filter as [co][fh][fw][ci]; dx is overwritten. Every non-zero dy entry of a pixel is listed
// (channel offset into wt, value); then each dx row segment under one filter row position (fw·ci contiguous
// values, one per output column ow and input row r) takes the lists of the fh dy pixels that reach it.
// scratch: P + 1 + 2·(maxNnz + co + 8) + 2·(fh·co + 8) words, P = nb·ho·wo. Returns the number of non-zeros, or -1 (dx untouched)
// when there are more than maxNnz.
EXPORT int conv_list_input_grad(const float *dy, const float *wt, float *dx, int *scratch, int nb, int h, int w, int ci,
                                int ho, int wo, int co, int sh, int sw, int fh, int fw, int pt, int pl, int maxNnz) {
  const int P = nb * ho * wo;
  // The lists back to back (pixel p's entries at start[p] .. start[p + 1]): only as much memory as there are
  // non-zeros is touched. Capacity maxNnz + co + 8: the count is checked before each pixel, and the merge
  // below reads whole vectors past a list's end.
  const long cap = (long)maxNnz + co + 8;
  int *start = scratch;
  int *off = start + P + 1;
  float *val = (float *)(off + cap);
  int *moff = (int *)(val + cap);
  float *mval = (float *)(moff + fh * co + 8);
  const int tap = fh * fw * ci;
  int total = 0;
  for (int p = 0; p < P; p++) {
    if (total > maxNnz) return -1;
    start[p] = total;
    const float *g = dy + (long)p * co;
    for (int o = 0; o < co; o++) {
      const float v = g[o];
      off[total] = o * tap;
      val[total] = v;
      total += v != 0.0f;
    }
  }
  start[P] = total;
  if (total > maxNnz) return -1;
  __builtin_memset(dx, 0, (unsigned long)nb * h * w * ci * sizeof(float));
  // Rows innermost: consecutive segments lie in different rows. (Along a row they overlap at a shift of ci
  // values, and a load that straddles two recent stores waits for them to drain.)
  for (int n = 0; n < nb; n++) {
    for (int ow = 0; ow < wo; ow++) {
      const int c0 = ow * sw - pl;
      const int kwMin = c0 < 0 ? -c0 : 0;
      const int kwMax = c0 + fw > w ? w - c0 : fw;
      if (kwMin >= kwMax) continue;
      for (int r = 0; r < h; r++) {
        int m = 0;
        // The dy rows that reach row r: oh·sh + kh = r + pt, 0 ≤ kh < fh (no division for stride 1).
        const int top = r + pt;
        int ohLo, ohHi;
        if (sh == 1) {
          ohLo = top - fh + 1;
          ohHi = top;
        } else {
          ohLo = top - fh + 1 <= 0 ? 0 : (top - fh + sh) / sh;
          ohHi = top / sh;
        }
        if (ohLo < 0) ohLo = 0;
        if (ohHi > ho - 1) ohHi = ho - 1;
        for (int oh = ohLo; oh <= ohHi; oh++) {
          const int kh = top - oh * sh;
          const long p = ((long)n * ho + oh) * wo + ow;
          const int c = start[p + 1] - start[p];
          const v128_t add = wasm_i32x4_splat((kh * fw + kwMin) * ci);
          const int *po = off + start[p];
          const float *pv = val + start[p];
          // Whole vectors, at least eight entries (a fixed trip count for the usual few non-zeros: a loop that
          // ran exactly c times mispredicted its exit almost every pixel); entries past c are overwritten next.
          const int c8 = c <= 8 ? 8 : (c + 3) & ~3;
          for (int k = 0; k < c8; k += 4) {
            wasm_v128_store(moff + m + k, wasm_i32x4_add(wasm_v128_load(po + k), add));
            wasm_v128_store(mval + m + k, wasm_v128_load(pv + k));
          }
          m += c;
        }
        if (m) gaxpy(dx + ((long)(n * h + r) * w + c0 + kwMin) * ci, (kwMax - kwMin) * ci, wt, moff, mval, m);
      }
    }
  }
  return total;
}

// Filter gradient without padding (every window inside x): dwt [co][fh][fw][ci] (overwritten) row (o, kh) =
// Σ dy[n, oh, ow, o] · x[n, oh·sh + kh, ow·sw .. + fw, :]. The non-zeros are listed per channel (window offset
// into x, value); each filter row then sums its channel's list in registers. One input channel with 5-row
// filters of 4 to 8 taps a row (MultiLeNet's first layer): all five rows of a channel at once.
// scratch: 512·(1 + 2·co) + co words. Returns the number of non-zeros, or -1 (dwt then undefined) above maxNnz.
static int conv_list_filter_grad_impl(const float *x, const float *dy, float *dwt, float *db, int *scratch, int nb, int h, int w,
                                      int ci, int ho, int wo, int co, int sh, int sw, int fh, int fw, int maxNnz) {
  const int P = nb * ho * wo;
  // Blocks of B pixels: each channel's list of the block is built and summed at once, so the lists (co·B
  // entries), the block of dy and the part of x under it stay in cache.
  const int B = 512;
  int *bases = scratch;
  int *cnt = bases + B;  // each channel's count in the block
  int *off = cnt + co;
  float *val = (float *)(off + co * B);
  const int xRow = w * ci;
  const int len = fw * ci;
  __builtin_memset(dwt, 0, (unsigned long)co * fh * len * sizeof(float));
  if (db)
    for (int o = 0; o < co; o++) db[o] = 0;
  int total = 0;
  for (int p0 = 0; p0 < P; p0 += B) {
    const int nbk = P - p0 < B ? P - p0 : B;
    // Each pixel's window offset into x.
    int n = p0 / (ho * wo), oh = (p0 / wo) % ho, ow = p0 % wo;
    for (int i = 0; i < nbk; i++) {
      bases[i] = ((n * h + oh * sh) * w + ow * sw) * ci;
      if (++ow == wo) {
        ow = 0;
        if (++oh == ho) {
          oh = 0;
          n++;
        }
      }
    }
    // Each channel's non-zeros in this block, branch-free: every entry is written at the list's end, which
    // advances past non-zeros only. Two channels a pass (adjacent values of dy, one offset load for both).
    int o = 0;
    for (; o + 2 <= co; o += 2) {
      int *lo0 = off + o * B, *lo1 = lo0 + B;
      float *lv0 = val + o * B, *lv1 = lv0 + B;
      int n0 = 0, n1 = 0;
      const float *g = dy + (long)p0 * co + o;
      for (int i = 0; i < nbk; i++, g += co) {
        const int base = bases[i];
        const float v0 = g[0], v1 = g[1];
        lo0[n0] = base;
        lv0[n0] = v0;
        lo1[n1] = base;
        lv1[n1] = v1;
        n0 += v0 != 0.0f;
        n1 += v1 != 0.0f;
      }
      cnt[o] = n0;
      cnt[o + 1] = n1;
    }
    for (; o < co; o++) {
      int *lo = off + o * B;
      float *lv = val + o * B;
      int nk = 0;
      const float *g = dy + (long)p0 * co + o;
      for (int i = 0; i < nbk; i++, g += co) {
        const float v = *g;
        lo[nk] = bases[i];
        lv[nk] = v;
        nk += v != 0.0f;
      }
      cnt[o] = nk;
    }
    for (int o = 0; o < co; o++) {
      const int *lo = off + o * B;
      const float *lv = val + o * B;
      const int nk = cnt[o];
      total += nk;
      if (total > maxNnz) return -1;
      if (!nk) continue;
      float *d = dwt + (long)o * fh * len;
      if (db) db[o] += list_sum(lv, nk);
      list_filter_rows(d, len, fh, x, xRow, lo, lv, nk);
    }
  }
  return total;
}

EXPORT int conv_list_filter_grad(const float *x, const float *dy, float *dwt, int *scratch, int nb, int h, int w, int ci,
                                 int ho, int wo, int co, int sh, int sw, int fh, int fw, int maxNnz) {
  return conv_list_filter_grad_impl(x, dy, dwt, 0, scratch, nb, h, w, ci, ho, wo, co, sh, sw, fh, fw, maxNnz);
}

// The same, and db[o] = Σ dy[..., o] (a conv layer's bias gradient) from the lists.
EXPORT int conv_list_filter_bias_grad(const float *x, const float *dy, float *dwt, float *db, int *scratch, int nb, int h, int w,
                                      int ci, int ho, int wo, int co, int sh, int sw, int fh, int fw, int maxNnz) {
  return conv_list_filter_grad_impl(x, dy, dwt, db, scratch, nb, h, w, ci, ho, wo, co, sh, sw, fh, fw, maxNnz);
}

// ==== Mixture-of-experts block (MMoE / PLE experts and softmax gates; kernels/moe.ts) ====

// out[m, 0..N) (row stride ldo) = act(A[M, K] · W[K, N] + bias[N]), relu when `relu`. The product kernel's
// four rows × eight columns in registers, the accumulators starting from the bias. Rows past M repeat the
// last row, unstored.
static void moe_dense(const float *A, const float *W, const float *bias, float *out, int M, int K, int N, int ldo, int relu) {
  const v128_t zero = wasm_f32x4_splat(0);
  const int n8 = N & ~7;
  const int n4 = N & ~3;
  for (int m = 0; m < M; m += 4) {
    const int rows = M - m < 4 ? M - m : 4;
    const float *a0 = A + (long)m * K;
    const float *a1 = rows > 1 ? a0 + K : a0;
    const float *a2 = rows > 2 ? a1 + K : a1;
    const float *a3 = rows > 3 ? a2 + K : a2;
    float *o0 = out + (long)m * ldo;
    int j = 0;
    for (; j < n8; j += 8) {
      const v128_t bb0 = wasm_v128_load(bias + j), bb1 = wasm_v128_load(bias + j + 4);
      v128_t c00 = bb0, c01 = bb1, c10 = bb0, c11 = bb1, c20 = bb0, c21 = bb1, c30 = bb0, c31 = bb1;
      const float *b = W + j;
      for (int k = 0; k < K; k++, b += N) {
        const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
        const v128_t x0 = wasm_v128_load32_splat(a0 + k), x1 = wasm_v128_load32_splat(a1 + k);
        c00 = MADD(c00, x0, b0);
        c01 = MADD(c01, x0, b1);
        c10 = MADD(c10, x1, b0);
        c11 = MADD(c11, x1, b1);
        const v128_t x2 = wasm_v128_load32_splat(a2 + k), x3 = wasm_v128_load32_splat(a3 + k);
        c20 = MADD(c20, x2, b0);
        c21 = MADD(c21, x2, b1);
        c30 = MADD(c30, x3, b0);
        c31 = MADD(c31, x3, b1);
      }
      if (relu) {
        c00 = wasm_f32x4_max(c00, zero); c01 = wasm_f32x4_max(c01, zero);
        c10 = wasm_f32x4_max(c10, zero); c11 = wasm_f32x4_max(c11, zero);
        c20 = wasm_f32x4_max(c20, zero); c21 = wasm_f32x4_max(c21, zero);
        c30 = wasm_f32x4_max(c30, zero); c31 = wasm_f32x4_max(c31, zero);
      }
      wasm_v128_store(o0 + j, c00);
      wasm_v128_store(o0 + j + 4, c01);
      if (rows > 1) { wasm_v128_store(o0 + ldo + j, c10); wasm_v128_store(o0 + ldo + j + 4, c11); }
      if (rows > 2) { wasm_v128_store(o0 + 2 * ldo + j, c20); wasm_v128_store(o0 + 2 * ldo + j + 4, c21); }
      if (rows > 3) { wasm_v128_store(o0 + 3 * ldo + j, c30); wasm_v128_store(o0 + 3 * ldo + j + 4, c31); }
    }
    for (; j < n4; j += 4) {
      const v128_t bb = wasm_v128_load(bias + j);
      v128_t c0 = bb, c1 = bb, c2 = bb, c3 = bb;
      const float *b = W + j;
      for (int k = 0; k < K; k++, b += N) {
        const v128_t b0 = wasm_v128_load(b);
        c0 = MADD(c0, wasm_v128_load32_splat(a0 + k), b0);
        c1 = MADD(c1, wasm_v128_load32_splat(a1 + k), b0);
        c2 = MADD(c2, wasm_v128_load32_splat(a2 + k), b0);
        c3 = MADD(c3, wasm_v128_load32_splat(a3 + k), b0);
      }
      if (relu) {
        c0 = wasm_f32x4_max(c0, zero); c1 = wasm_f32x4_max(c1, zero);
        c2 = wasm_f32x4_max(c2, zero); c3 = wasm_f32x4_max(c3, zero);
      }
      wasm_v128_store(o0 + j, c0);
      if (rows > 1) wasm_v128_store(o0 + ldo + j, c1);
      if (rows > 2) wasm_v128_store(o0 + 2 * ldo + j, c2);
      if (rows > 3) wasm_v128_store(o0 + 3 * ldo + j, c3);
    }
    for (; j < N; j++) {
      for (int r = 0; r < rows; r++) {
        const float *ar = A + (long)(m + r) * K;
        float c = bias[j];
        for (int k = 0; k < K; k++) c += ar[k] * W[k * N + j];
        o0[r * ldo + j] = relu && !(c > 0) ? 0 : c;
      }
    }
  }
}

// Experts forward, one expert: out[b, e, :] = act(x[b, :] · w_e + b_e), out's rows ldo = E·U long. The caller
// passes out already offset to expert e's columns.
EXPORT void moe_expert_fwd(const float *x, const float *w, const float *b, float *out, int B, int D, int U, int ldo, int relu) {
  moe_dense(x, w, b, out, B, D, U, ldo, relu);
}

// dz[B, U] = expert e's columns of dh (rows N long, starting at col0), times relu'(h) = (h > 0) when `relu`.
static void moe_dz(const float *h, const float *dh, float *dz, int B, int N, int col0, int U, int relu) {
  const v128_t zero = wasm_f32x4_splat(0);
  for (int b = 0; b < B; b++) {
    const float *hr = h + (long)b * N + col0;
    const float *dr = dh + (long)b * N + col0;
    float *zr = dz + (long)b * U;
    int u = 0;
    for (; u + 4 <= U; u += 4) {
      const v128_t d = wasm_v128_load(dr + u);
      wasm_v128_store(zr + u, relu ? wasm_v128_and(d, wasm_f32x4_gt(wasm_v128_load(hr + u), zero)) : d);
    }
    for (; u < U; u++) zr[u] = relu && !(hr[u] > 0) ? 0 : dr[u];
  }
}

// Every expert's kernel and bias gradients in one pass: dz = dh ⊙ relu'(h) over all N = E·U columns (scratch
// [B, N]), dw[D, N] = xᵀ · dz (expert e's kernel gradient is columns e·U.. of it), db[N] = column sums of dz.
EXPORT void moe_experts_grad_wb(const float *x, const float *h, const float *dh, float *dz, float *dw, float *db,
                                int B, int D, int N, int relu) {
  moe_dz(h, dh, dz, B, N, 0, N, relu);
  sum_rows(dz, db, B, N);
  bmm(x, dz, dw, 1, D, B, N, 0, 0, 1, 0);
}

// wt[col0 + u, d] = w[d, u]: an expert's kernel [D, U] transposed into rows col0.. of wt [N, D].
EXPORT void moe_pack_t(const float *w, float *wt, int D, int U, int col0) {
  for (int d = 0; d < D; d++)
    for (int u = 0; u < U; u++) wt[(long)(col0 + u) * D + d] = w[d * U + u];
}

// The experts' input gradient: dx[B, D] = dz[B, N] · wt[N, D], dz = dh ⊙ relu'(h) over every expert (scratch).
EXPORT void moe_experts_grad_x(const float *h, const float *dh, float *dz, const float *wt, float *dx, int B, int D, int N, int relu) {
  moe_dz(h, dh, dz, B, N, 0, N, relu);
  bmm(dz, wt, dx, 1, B, N, D, 0, 0, 0, 0);
}

// e^x on four lanes for x ≤ 0 (softmax after subtracting the row maximum): Cephes' expf, 2^n·p(r) with
// |r| ≤ ln2/2 (~1 ulp). Inputs below −87.3 are taken as −87.3 (e^x ≈ 1e−38 where it would be a denormal or 0).
static inline v128_t moe_exp4(v128_t x) {
  x = wasm_f32x4_max(x, wasm_f32x4_splat(-87.3f));
  const v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  const v128_t r = wasm_f32x4_add(wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f))),
                                  wasm_f32x4_mul(n, wasm_f32x4_splat(2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  const v128_t e = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r), wasm_f32x4_splat(1.0f));
  const v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(e, scale);
}

// A task's gate and mixture: g[b, :] = softmax(x[b, :] · wg + bg) (E wide, written out for the backward),
// mix[b, u] = Σ_e g[b, e] · ex[b, e, u]. The exponentials run four at a time over the whole of g (rows of any E),
// after each row's maximum is subtracted.
EXPORT void moe_gate_fwd(const float *x, const float *wg, const float *bg, const float *ex, float *g, float *mix,
                         int B, int D, int E, int U) {
  moe_dense(x, wg, bg, g, B, D, E, E, 0);
  for (int b = 0; b < B; b++) {
    float *gr = g + (long)b * E;
    float mx = gr[0];
    for (int e = 1; e < E; e++) mx = gr[e] > mx ? gr[e] : mx;
    for (int e = 0; e < E; e++) gr[e] -= mx;
  }
  const long total = (long)B * E;
  long i = 0;
  for (; i + 4 <= total; i += 4) wasm_v128_store(g + i, moe_exp4(wasm_v128_load(g + i)));
  if (i < total) {  // one to three values left (in lanes, not through memory: the module has no stack)
    const long left = total - i;
    v128_t v = wasm_f32x4_replace_lane(wasm_f32x4_splat(0), 0, g[i]);
    if (left > 1) v = wasm_f32x4_replace_lane(v, 1, g[i + 1]);
    if (left > 2) v = wasm_f32x4_replace_lane(v, 2, g[i + 2]);
    v = moe_exp4(v);
    g[i] = wasm_f32x4_extract_lane(v, 0);
    if (left > 1) g[i + 1] = wasm_f32x4_extract_lane(v, 1);
    if (left > 2) g[i + 2] = wasm_f32x4_extract_lane(v, 2);
  }
  for (int b = 0; b < B; b++) {
    float *gr = g + (long)b * E;
    float s = 0;
    for (int e = 0; e < E; e++) s += gr[e];
    for (int e = 0; e < E; e++) gr[e] = gr[e] / s;
    const float *er = ex + (long)b * E * U;
    float *mr = mix + (long)b * U;
    int u = 0;
    for (; u + 4 <= U; u += 4) {
      v128_t acc = wasm_f32x4_splat(0);
      for (int e = 0; e < E; e++) acc = MADD(acc, wasm_f32x4_splat(gr[e]), wasm_v128_load(er + e * U + u));
      wasm_v128_store(mr + u, acc);
    }
    for (; u < U; u++) {
      float acc = 0;
      for (int e = 0; e < E; e++) acc += gr[e] * er[e * U + u];
      mr[u] = acc;
    }
  }
}

// The gate's logit gradient: dg[e] = Σ_u dmix[u] · ex[e, u]; dl[e] = g[e] · (dg[e] − Σ_e' g[e'] · dg[e']).
EXPORT void moe_gate_grad_logits(const float *ex, const float *g, const float *dmix, float *dl, int B, int E, int U) {
  for (int b = 0; b < B; b++) {
    const float *er = ex + (long)b * E * U;
    const float *dr = dmix + (long)b * U;
    const float *gr = g + (long)b * E;
    float *lr = dl + (long)b * E;
    float s = 0;
    for (int e = 0; e < E; e++) {
      const float *ee = er + e * U;
      v128_t acc = wasm_f32x4_splat(0);
      int u = 0;
      for (; u + 4 <= U; u += 4) acc = MADD(acc, wasm_v128_load(dr + u), wasm_v128_load(ee + u));
      float d = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
                wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
      for (; u < U; u++) d += dr[u] * ee[u];
      lr[e] = d;
      s += gr[e] * d;
    }
    for (int e = 0; e < E; e++) lr[e] = gr[e] * (lr[e] - s);
  }
}

// The experts' gradient through a gate: dex[b, e, u] = g[b, e] · dmix[b, u].
EXPORT void moe_gate_grad_experts(const float *g, const float *dmix, float *dex, int B, int E, int U) {
  for (int b = 0; b < B; b++) {
    const float *dr = dmix + (long)b * U;
    for (int e = 0; e < E; e++) {
      const v128_t gv = wasm_f32x4_splat(g[(long)b * E + e]);
      const float ge = g[(long)b * E + e];
      float *o = dex + ((long)b * E + e) * U;
      int u = 0;
      for (; u + 4 <= U; u += 4) wasm_v128_store(o + u, wasm_f32x4_mul(gv, wasm_v128_load(dr + u)));
      for (; u < U; u++) o[u] = ge * dr[u];
    }
  }
}

// ---- MaxPoolGrad for windows that tile the input (conv/pool section) ----
// Windows fh × fw at strides fh, fw without padding (MultiLeNet's 2 × 2 pools): every input position lies in at
// most one window, so dx is written once, window by window, four channels at a time and branch-free — each tap
// gets the output gradient where it is the window's first maximum (strictly greater than those before it, as
// maxpool_grad decides; NaN never wins), 0 elsewhere — instead of clearing dx and scattering lane by lane. Rows and
// columns no window covers are cleared. A channel count that is no multiple of four ends with a group overlapping
// the previous one (the same values written twice). Needs c ≥ 4.
EXPORT void maxpool_grad_tiled(const float *x, const float *dy, float *dx, int nb, int h, int w, int c, int ho, int wo,
                               int fh, int fw) {
  const int rowStride = w * c;
  const int covW = wo * fw;  // columns covered by windows
  for (int b = 0; b < nb; b++) {
    const long img = (long)b * h * rowStride;
    for (int oh = 0; oh < ho; oh++) {
      const long r0 = img + (long)oh * fh * rowStride;
      const float *g = dy + (((long)b * ho + oh) * wo) * c;
      for (int ow = 0; ow < wo; ow++, g += c) {
        const long base = r0 + (long)ow * fw * c;
        for (int d0 = 0; d0 < c; d0 += 4) {
          const int d = d0 + 4 <= c ? d0 : c - 4;
          v128_t best = wasm_f32x4_splat(-__builtin_inff());
          v128_t idx = wasm_i32x4_splat(-1);
          int t = 0;
          for (int kh = 0; kh < fh; kh++) {
            const float *xr = x + base + (long)kh * rowStride + d;
            for (int kw = 0; kw < fw; kw++, t++) {
              const v128_t v = wasm_v128_load(xr + kw * c);
              const v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              idx = wasm_v128_bitselect(wasm_i32x4_splat(t), idx, gt);
            }
          }
          const v128_t gv = wasm_v128_load(g + d);
          t = 0;
          for (int kh = 0; kh < fh; kh++) {
            float *o = dx + base + (long)kh * rowStride + d;
            for (int kw = 0; kw < fw; kw++, t++)
              wasm_v128_store(o + kw * c, wasm_v128_and(gv, wasm_i32x4_eq(idx, wasm_i32x4_splat(t))));
          }
        }
      }
      if (covW < w) {
        for (int kh = 0; kh < fh; kh++)
          __builtin_memset(dx + r0 + (long)kh * rowStride + (long)covW * c, 0, (unsigned long)(w - covW) * c * sizeof(float));
      }
    }
    if (ho * fh < h) __builtin_memset(dx + img + (long)ho * fh * rowStride, 0, (unsigned long)(h - ho * fh) * rowStride * sizeof(float));
  }
}

// ---- One-input-channel convolution with pixels in the lanes (conv/pool section) ----
// No padding, stride 1 (MultiLeNet's conv1): the lanes are four adjacent output pixels, so each tap reads x as
// two plain vectors (eight pixels of one row) that feed five channels' filter values (pre-splatted into ws) in
// ten accumulators — no lanes wasted on channel padding (conv2d_c1 computes co rounded up to 4: 12 for 10), 0.7
// loads a multiply-add instead of 0.9. The 4 × 4 blocks are transposed back to NHWC on the way out. wp, bias: as
// conv2d_c1 (bias co4 long or 0). ws: ceil(co / 5) · fh · fw · 20 floats, filled here. Pixels past a row's last
// eight: conv2d_c1_pixel.
// p[0], p[stride], p[2·stride], p[3·stride] = the four lanes of v.
static inline void px_lanes(float *p, int stride, v128_t v) {
  p[0] = wasm_f32x4_extract_lane(v, 0);
  p[stride] = wasm_f32x4_extract_lane(v, 1);
  p[2 * stride] = wasm_f32x4_extract_lane(v, 2);
  p[3 * stride] = wasm_f32x4_extract_lane(v, 3);
}

EXPORT void conv2d_c1_px(const float *x, const float *wp, const float *bias, float *ws, float *out, int nb, int h, int wd,
                         int co, int ho, int wo, int fh, int fw) {
  const int co4 = (co + 3) & ~3;
  const int taps = fh * fw;
  const int groups = (co + 4) / 5;
  for (int g = 0; g < groups; g++)
    for (int t = 0; t < taps; t++)
      for (int c = 0; c < 5; c++) {
        const int o = g * 5 + c;
        wasm_v128_store(ws + ((g * taps + t) * 5 + c) * 4, wasm_f32x4_splat(o < co ? wp[t * co4 + o] : 0.0f));
      }
  for (int n = 0; n < nb; n++) {
    const float *img = x + (long)n * h * wd;
    for (int oh = 0; oh < ho; oh++) {
      float *orow = out + ((long)n * ho + oh) * wo * co;
      int ow = 0;
      for (; ow + 8 <= wo; ow += 8) {
        for (int g = 0; g < groups; g++) {
          const int o0 = g * 5;
          const v128_t z = wasm_f32x4_splat(0);
          v128_t a0 = bias && o0 < co ? wasm_f32x4_splat(bias[o0]) : z;
          v128_t a1 = bias && o0 + 1 < co ? wasm_f32x4_splat(bias[o0 + 1]) : z;
          v128_t a2 = bias && o0 + 2 < co ? wasm_f32x4_splat(bias[o0 + 2]) : z;
          v128_t a3 = bias && o0 + 3 < co ? wasm_f32x4_splat(bias[o0 + 3]) : z;
          v128_t a4 = bias && o0 + 4 < co ? wasm_f32x4_splat(bias[o0 + 4]) : z;
          v128_t e0 = a0, e1 = a1, e2 = a2, e3 = a3, e4 = a4;
          const float *wsg = ws + g * taps * 20;
          for (int kh = 0; kh < fh; kh++) {
            const float *xr = img + (oh + kh) * wd + ow;
            const float *wv = wsg + kh * fw * 20;
            for (int kw = 0; kw < fw; kw++, wv += 20) {
              const v128_t xa = wasm_v128_load(xr + kw), xb = wasm_v128_load(xr + kw + 4);
              v128_t w = wasm_v128_load(wv);
              a0 = MADD(a0, xa, w);
              e0 = MADD(e0, xb, w);
              w = wasm_v128_load(wv + 4);
              a1 = MADD(a1, xa, w);
              e1 = MADD(e1, xb, w);
              w = wasm_v128_load(wv + 8);
              a2 = MADD(a2, xa, w);
              e2 = MADD(e2, xb, w);
              w = wasm_v128_load(wv + 12);
              a3 = MADD(a3, xa, w);
              e3 = MADD(e3, xb, w);
              w = wasm_v128_load(wv + 16);
              a4 = MADD(a4, xa, w);
              e4 = MADD(e4, xb, w);
            }
          }
          float *o = orow + ow * co + o0;
          if (o0 + 5 <= co) {
            // channels o0..o0+3 of each pixel: a 4 × 4 transpose; channel o0+4 lane by lane
            v128_t t0 = wasm_i32x4_shuffle(a0, a1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(a2, a3, 0, 4, 1, 5);
            v128_t t2 = wasm_i32x4_shuffle(a0, a1, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(a2, a3, 2, 6, 3, 7);
            wasm_v128_store(o, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));
            wasm_v128_store(o + co, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
            wasm_v128_store(o + 2 * co, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));
            wasm_v128_store(o + 3 * co, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));
            o[4] = wasm_f32x4_extract_lane(a4, 0);
            o[co + 4] = wasm_f32x4_extract_lane(a4, 1);
            o[2 * co + 4] = wasm_f32x4_extract_lane(a4, 2);
            o[3 * co + 4] = wasm_f32x4_extract_lane(a4, 3);
            float *q = o + 4 * co;
            t0 = wasm_i32x4_shuffle(e0, e1, 0, 4, 1, 5);
            t1 = wasm_i32x4_shuffle(e2, e3, 0, 4, 1, 5);
            t2 = wasm_i32x4_shuffle(e0, e1, 2, 6, 3, 7);
            t3 = wasm_i32x4_shuffle(e2, e3, 2, 6, 3, 7);
            wasm_v128_store(q, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));
            wasm_v128_store(q + co, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
            wasm_v128_store(q + 2 * co, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));
            wasm_v128_store(q + 3 * co, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));
            q[4] = wasm_f32x4_extract_lane(e4, 0);
            q[co + 4] = wasm_f32x4_extract_lane(e4, 1);
            q[2 * co + 4] = wasm_f32x4_extract_lane(e4, 2);
            q[3 * co + 4] = wasm_f32x4_extract_lane(e4, 3);
          } else {
            // the last, partial group of channels (fewer than five): lane by lane
            const int m = co - o0;
            px_lanes(o, co, a0);
            px_lanes(o + 4 * co, co, e0);
            if (m > 1) { px_lanes(o + 1, co, a1); px_lanes(o + 4 * co + 1, co, e1); }
            if (m > 2) { px_lanes(o + 2, co, a2); px_lanes(o + 4 * co + 2, co, e2); }
            if (m > 3) { px_lanes(o + 3, co, a3); px_lanes(o + 4 * co + 3, co, e3); }
          }
        }
      }
      for (; ow < wo; ow++) conv2d_c1_pixel(img, wp, bias, orow + ow * co, wd, co, co4, oh, ow, 0, fh, 0, fw, fw);
    }
  }
}

// ==== Conv layer + 2 × 2 max-pool as one layer (kernels/conv-pool.ts) ====
// convpool_pool: z [nb, ho, wo, c] (the convolution plus bias) → y [nb, ph, pw, c], the max of each 2 × 2 window
// at stride 2 (rows/columns past 2·ph, 2·pw ignored), and idx: the window's tap (0..3, row-major) of its first
// maximum (strictly greater than those before it, as maxpool_grad decides; NaN never wins; -1 if none).
// relu: y = max(y, 0) (relu and max-pool commute). Four channels at a time; c ≥ 4 (the last group overlaps).
EXPORT void convpool_pool(const float *z, float *y, int *idx, int nb, int ho, int wo, int c, int ph, int pw, int relu) {
  const long rowStride = (long)wo * c;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int b = 0; b < nb; b++) {
    for (int i = 0; i < ph; i++) {
      const float *r0 = z + ((long)b * ho + 2 * i) * rowStride;
      const float *r1 = r0 + rowStride;
      float *yo = y + (((long)b * ph + i) * pw) * c;
      int *io = idx + (((long)b * ph + i) * pw) * c;
      for (int j = 0; j < pw; j++, yo += c, io += c) {
        const long o = (long)2 * j * c;
        for (int d0 = 0; d0 < c; d0 += 4) {
          const int d = d0 + 4 <= c ? d0 : c - 4;
          v128_t best = wasm_f32x4_splat(-__builtin_inff());
          v128_t t = wasm_i32x4_splat(-1);
          v128_t v, gt;
#define CP_TAP(P, K) v = wasm_v128_load(P); gt = wasm_f32x4_gt(v, best); \
          best = wasm_v128_bitselect(v, best, gt); t = wasm_v128_bitselect(wasm_i32x4_splat(K), t, gt);
          CP_TAP(r0 + o + d, 0)
          CP_TAP(r0 + o + c + d, 1)
          CP_TAP(r1 + o + d, 2)
          CP_TAP(r1 + o + c + d, 3)
#undef CP_TAP
          if (relu) best = wasm_f32x4_max(best, zero);
          wasm_v128_store(yo + d, best);
          wasm_v128_store(io + d, t);
        }
      }
    }
  }
}

// convpool_grad: the gradient of the convolution's output z from the pooled gradient dy: dz at each window's
// argmax tap = dy (where relu: dy if y > 0, else 0), 0 at the other taps and at rows/columns no window covers.
// One write pass over dz, window by window, branch-free (no clearing, no read of z). c ≥ 4.
EXPORT void convpool_grad(const float *dy, const float *y, const int *idx, float *dz, int nb, int ho, int wo, int c,
                          int ph, int pw, int relu) {
  const long rowStride = (long)wo * c;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int b = 0; b < nb; b++) {
    for (int i = 0; i < ph; i++) {
      float *r0 = dz + ((long)b * ho + 2 * i) * rowStride;
      float *r1 = r0 + rowStride;
      const long p0 = (((long)b * ph + i) * pw) * c;
      for (int j = 0; j < pw; j++) {
        const long o = (long)2 * j * c;
        const long p = p0 + (long)j * c;
        for (int d0 = 0; d0 < c; d0 += 4) {
          const int d = d0 + 4 <= c ? d0 : c - 4;
          v128_t g = wasm_v128_load(dy + p + d);
          if (relu) g = wasm_v128_and(g, wasm_f32x4_gt(wasm_v128_load(y + p + d), zero));
          const v128_t t = wasm_v128_load(idx + p + d);
          wasm_v128_store(r0 + o + d, wasm_v128_and(g, wasm_i32x4_eq(t, wasm_i32x4_splat(0))));
          wasm_v128_store(r0 + o + c + d, wasm_v128_and(g, wasm_i32x4_eq(t, wasm_i32x4_splat(1))));
          wasm_v128_store(r1 + o + d, wasm_v128_and(g, wasm_i32x4_eq(t, wasm_i32x4_splat(2))));
          wasm_v128_store(r1 + o + c + d, wasm_v128_and(g, wasm_i32x4_eq(t, wasm_i32x4_splat(3))));
        }
      }
      if (2 * pw < wo) {
        __builtin_memset(r0 + (long)2 * pw * c, 0, (unsigned long)(wo - 2 * pw) * c * sizeof(float));
        __builtin_memset(r1 + (long)2 * pw * c, 0, (unsigned long)(wo - 2 * pw) * c * sizeof(float));
      }
    }
    if (2 * ph < ho)
      __builtin_memset(dz + ((long)b * ho + 2 * ph) * rowStride, 0, (unsigned long)(ho - 2 * ph) * rowStride * sizeof(float));
  }
}

// convpool_filter_bias_grad: the convolution's filter and bias gradients (dwt [co][fh][fw][ci], db [co], both
// overwritten) straight from the pooled gradient: each pooled value (masked by y > 0 where relu) is the one
// non-zero of its window, at the argmax tap idx — so the per-channel lists of conv_list_filter_grad_impl (window
// offset into x, value) are built from dy, y and idx (a quarter of the convolution's output, no dense dz written,
// cleared or scanned), then summed the same way. Stride 1, no padding (every window inside x). Blocks of 128 pooled
// pixels. scratch: 128 · (1 + 2·co) + co words.
EXPORT void convpool_filter_bias_grad(const float *x, const float *dy, const float *y, const int *idx, float *dwt, float *db,
                                      int *scratch, int nb, int h, int w, int ci, int co, int ph, int pw, int fh, int fw,
                                      int relu) {
  const int Q = 128;
  const int P = nb * ph * pw;
  int *qbase = scratch;
  int *cnt = qbase + Q;
  int *off = cnt + co;
  float *val = (float *)(off + co * Q);
  const int xRow = w * ci;
  const int len = fw * ci;
  const int toff[4] = {0, ci, xRow, xRow + ci};
  __builtin_memset(dwt, 0, (unsigned long)co * fh * len * sizeof(float));
  for (int o = 0; o < co; o++) db[o] = 0;
  for (int q0 = 0; q0 < P; q0 += Q) {
    const int nq = P - q0 < Q ? P - q0 : Q;
    int n = q0 / (ph * pw), i = (q0 / pw) % ph, j = q0 % pw;
    for (int k = 0; k < nq; k++) {
      qbase[k] = ((n * h + 2 * i) * w + 2 * j) * ci;
      if (++j == pw) {
        j = 0;
        if (++i == ph) {
          i = 0;
          n++;
        }
      }
    }
    for (int o = 0; o < co; o++) {
      int *lo = off + o * Q;
      float *lv = val + o * Q;
      int nk = 0;
      const long p = (long)q0 * co + o;
      const float *g = dy + p;
      const float *yy = y + p;
      const int *t = idx + p;
      for (int k = 0; k < nq; k++, g += co, yy += co, t += co) {
        const int tk = *t;
        float v = tk >= 0 ? *g : 0.0f;
        if (relu) v = *yy > 0.0f ? v : 0.0f;
        lo[nk] = qbase[k] + toff[tk & 3];
        lv[nk] = v;
        nk += v != 0.0f;
      }
      cnt[o] = nk;
    }
    for (int o = 0; o < co; o++) {
      const int *lo = off + o * Q;
      const float *lv = val + o * Q;
      const int nk = cnt[o];
      if (!nk) continue;
      float *d = dwt + (long)o * fh * len;
      db[o] += list_sum(lv, nk);
      list_filter_rows(d, len, fh, x, xRow, lo, lv, nk);
    }
  }
}

// convpool_fwd: the convolution (stride 1, no padding, plus bias) and the pool (convpool_pool) a few images at a
// time, so each chunk of the convolution's output (tmp: `chunk` images) is pooled while still in cache instead of
// written whole (MultiLeNet's conv1: 5.9 MB) and read back. kind 0: one input channel, conv2d_c1_px (wt: the
// filter padded to co4 channels, bias co4 long, ws its scratch); kind 1: conv2d_valid_bias (wt: the filter).
EXPORT void convpool_fwd(int kind, const float *x, const float *wt, const float *bias, float *ws, float *tmp, float *y,
                         int *idx, int nb, int h, int wd, int ci, int co, int ho, int wo, int fh, int fw, int relu,
                         int chunk) {
  const int ph = ho >> 1, pw = wo >> 1;
  const long xImg = (long)h * wd * ci;
  const long yImg = (long)ph * pw * co;
  for (int b = 0; b < nb; b += chunk) {
    const int n = nb - b < chunk ? nb - b : chunk;
    if (kind == 0)
      conv2d_c1_px(x + b * xImg, wt, bias, ws, tmp, n, h, wd, co, ho, wo, fh, fw);
    else
      conv2d_valid_bias(x + b * xImg, wt, bias, tmp, n, h, wd, ci, co, ho, wo, 1, 1, fh, fw);
    convpool_pool(tmp, y + b * yImg, idx + b * yImg, n, ho, wo, co, ph, pw, relu);
  }
}

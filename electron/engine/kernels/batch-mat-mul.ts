// BatchMatMul for wasm without its slow transposed paths.
//
// The backend's BatchMatMul runs a plain a·b through XNNPACK, but with transposeA or transposeB
// (every dense layer's gradient: xᵀ·dy and dy·Wᵀ) it is 4–13× slower than the same product
// with the operand transposed first. So transpose the operand explicitly (the backend's
// Transpose kernel), then multiply without flags.
// Batched products (batch > 1, which the backend runs as a scalar loop) go to the SIMD kernel.
import * as tf from '@tensorflow/tfjs-core';
import { Scratch, wasmKernel, type Backend, type TensorInfo } from './wasm-util.js';
import { ptr, simdKernels } from './simd.js';

function batchedSimd(a: TensorInfo, b: TensorInfo, tA: boolean, tB: boolean, backend: Backend): TensorInfo | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [m, ka] = tA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
  const [kb, n] = tB ? [b.shape[rb - 1], b.shape[rb - 2]] : [b.shape[rb - 2], b.shape[rb - 1]];
  if (ka !== kb) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const batch = tf.util.sizeFromShape(outer);
  if (batch === 0) return null;
  // Only equal batches or one side broadcast whole; anything else goes to the backend.
  // Batch 1: XNNPACK repacks its weights operand on every call (dense layers' weights change
  // every step) and has no transposed-A path, so the SIMD kernel (four rows × eight columns in
  // registers) is faster for the weight gradient xᵀ·dy (no transposed-A path there: 100×1024×128
  // 2.2 → 1.4 ms, item 16) and for products whose B stays in cache (k·n ≤ 64 Ki floats):
  // CPU ms, best of 7 × 20 (NOTES item 24), XNNPACK / SIMD / relaxed-SIMD build: 1024×100×128
  // 0.72 / 0.65 / 0.51; 256×320×50 0.25 / 0.25 / 0.21. dy·Wᵀ transposes the (small) W first.
  // Larger B and batch-1 products with both flags stay on XNNPACK.
  const cached = ka * n <= 65_536 || (tA && !tB);
  if ((batch <= 1 && !cached) || (batch <= 1 && tA && tB) || (batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  if (m * n * ka === 0) return null;
  const simd = simdKernels(backend);
  if (!simd) return null;
  const s = new Scratch(backend);
  try {
    let bb = b;
    let flagB = tB;
    if (batch <= 1 && tB) {
      bb = s.transpose(b, b.shape.map((_, i) => (i < rb - 2 ? i : i === rb - 2 ? rb - 1 : rb - 2)));
      flagB = false;
    }
    const out = backend.makeOutput([...outer, m, n], 'float32') as TensorInfo;
    simd.bmm(ptr(backend, a), ptr(backend, bb), ptr(backend, out), batch, m, ka, n,
      batchA === 1 ? 0 : m * ka, batchB === 1 ? 0 : ka * n, tA ? 1 : 0, flagB ? 1 : 0);
    return out;
  } finally {
    s.dispose();
  }
}

export function batchMatMulWasm(args: {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: Backend;
  attrs: { transposeA: boolean; transposeB: boolean };
}): TensorInfo {
  const { backend, attrs } = args;
  const batched = batchedSimd(args.inputs.a, args.inputs.b, attrs.transposeA, attrs.transposeB, backend);
  if (batched) return batched;
  if (!attrs.transposeA && !attrs.transposeB) return wasmKernel('BatchMatMul')(args as any);
  const s = new Scratch(backend);
  try {
    const swapLast = (t: TensorInfo) => {
      const r = t.shape.length;
      const perm = t.shape.map((_, i) => i);
      perm[r - 2] = r - 1;
      perm[r - 1] = r - 2;
      return s.transpose(t, perm);
    };
    let { a, b } = args.inputs;
    if (attrs.transposeA) a = swapLast(a);
    if (attrs.transposeB) b = swapLast(b);
    return wasmKernel('BatchMatMul')({ inputs: { a, b }, attrs: { transposeA: false, transposeB: false }, backend });
  } finally {
    s.dispose();
  }
}

// Softmax over the last axis on wasm as one SIMD pass per row, and its gradient as one kernel.
//
// The backend's Softmax runs XNNPACK with a setup per row: [1024, 8] (a gate's logits) took 25 µs CPU for 8 Ki
// values. Here, for rows under 64 values: the row's maximum, e^(x − max) (simd/kernels.c exp4, within 2 ulp; 0
// below float32's range, as exp underflows) and the division by the row's sum, four lanes at a time.
// tfjs's gradient of Softmax is dy·y − Σ(dy·y)·y as four kernels (mul, sum, mul, sub) plus a reshape;
// `MtlSoftmaxGrad` computes the same operations in one pass. The gradient is registered for every backend (it
// replaces tfjs's own): where the backend has no MtlSoftmaxGrad (all but wasm) it runs tfjs's ops as before.
import * as tf from '@tensorflow/tfjs-core';
import { ptr, simdKernels } from './simd.js';
import { wasmKernel, type Backend, type TensorInfo } from './wasm-util.js';

export const SOFTMAX_GRAD = 'MtlSoftmaxGrad';

function lastAxis(dim: number, rank: number): boolean {
  return dim === -1 || dim === rank - 1;
}

/** Softmax for wasm: float32 along the last axis on the SIMD kernel, anything else on the backend's own. */
export function softmaxWasm(args: { inputs: { logits: TensorInfo }; backend: Backend; attrs: { dim: number } }): TensorInfo {
  const { inputs: { logits }, backend, attrs } = args;
  const rank = logits.shape.length;
  // Rows under 64 values (gates, attention over short sequences): XNNPACK's per-row setup dominates there. Wider
  // rows stay on XNNPACK, whose exponential is cheaper per value (CPU µs for 1,024 rows, XNNPACK / ours: 3 values
  // 26.7 / 14.0, 8: 24.6 / 14.1, 16: 39.9 / 19.8, 32: 45.5 / 38.9, 64: 74.8 / 73.8, 128: 123.9 / 139.5).
  const cols = rank > 0 ? logits.shape[rank - 1] : 0;
  const simd = logits.dtype === 'float32' && rank > 0 && cols < 64 && lastAxis(attrs.dim, rank) ? simdKernels(backend) : null;
  if (!simd) return wasmKernel('Softmax')(args as any);
  const out = backend.makeOutput(logits.shape, 'float32') as TensorInfo;
  const size = tf.util.sizeFromShape(logits.shape);
  if (size === 0) return out;
  simd.softmax_rows(ptr(backend, logits), ptr(backend, out), size / cols, cols);
  return out;
}

/** dx = dy·y − (Σ_row dy·y)·y on wasm (SIMD, or the same operations in JS without the kernels). */
function softmaxGradWasm({ inputs: { dy, y }, backend }: { inputs: { dy: TensorInfo; y: TensorInfo }; backend: Backend }): TensorInfo {
  const out = backend.makeOutput(y.shape, 'float32') as TensorInfo;
  const size = tf.util.sizeFromShape(y.shape);
  if (size === 0) return out;
  const cols = y.shape[y.shape.length - 1];
  const rows = size / cols;
  const simd = simdKernels(backend);
  if (simd) {
    simd.softmax_grad(ptr(backend, dy), ptr(backend, y), ptr(backend, out), rows, cols);
    return out;
  }
  const heap = (t: TensorInfo) => new Float32Array((backend as any).wasm.HEAPU8.buffer, ptr(backend, t), size);
  const g = heap(dy);
  const p = heap(y);
  const dx = heap(out);
  const f32 = Math.fround;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let s = 0;
    for (let c = 0; c < cols; c++) {
      dx[o + c] = g[o + c] * p[o + c];
      s = f32(s + dx[o + c]);
    }
    for (let c = 0; c < cols; c++) dx[o + c] = dx[o + c] - f32(s * p[o + c]);
  }
  return out;
}

let registered = false;

/**
 * Registers Softmax and MtlSoftmaxGrad for wasm, and Softmax's gradient for every backend (MtlSoftmaxGrad where
 * the backend has it, tfjs's own ops elsewhere). Call after the wasm backend's kernels are registered; idempotent.
 */
export function registerSoftmaxKernels(put: (name: string, f: (args: any) => TensorInfo) => void): void {
  if (registered) return;
  put('Softmax', softmaxWasm);
  put(SOFTMAX_GRAD, softmaxGradWasm);
  tf.registerGradient({
    kernelName: 'Softmax',
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [y] = saved;
      const { dim } = attrs as unknown as { dim: number };
      const g = dy as tf.Tensor;
      if (y.dtype === 'float32' && lastAxis(dim, y.rank) && tf.getKernel(SOFTMAX_GRAD, tf.getBackend()) != null) {
        return { logits: () => tf.engine().runKernel(SOFTMAX_GRAD, { dy: g, y }) as tf.Tensor };
      }
      // tfjs's own gradient (gradients/Softmax_grad.ts)
      const dyTimesY = tf.mul(g, y);
      return { logits: () => tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y)) };
    },
  });
  registered = true;
}

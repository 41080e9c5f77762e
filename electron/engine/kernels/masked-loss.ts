// A task head's masked loss as one kernel (one node on the gradient tape) instead of ~10 ops.
//
// The step's loss for a head is mean over labelled rows of the row loss (cross-entropy of the logits, binary
// cross-entropy of the logit, squared or absolute error), plus the labelled count and the per-row predictions
// the readback needs. Composed from tfjs ops that is ~10 kernel calls on the tape (reshape, oneHot, logSoftmax,
// mul, sum, neg / sub, square; mul by the mask, sum, sum of the mask, maximum, div; argMax, cast), each with its
// tfjs bookkeeping (~50 µs forward + backward on wasm, NOTES item 26) against a few µs of arithmetic. Here:
//
//   MtlMaskedLoss(x, y, mask) → [loss (scalar), labelled count (scalar), predictions [B]]
//     loss = Σᵢ maskᵢ·ℓ(xᵢ, yᵢ) / max(Σᵢ maskᵢ, 1)
//   its gradient (registered): dx = dloss · maskᵢ · ∂ℓ/∂xᵢ / max(Σ mask, 1), one MtlMaskedLossGrad call, and
//   nothing for y or mask (labels are data).
//
// The arithmetic is plain JS over the tensors' memory (a batch's worth: 1,024 rows, or 256 × 10 logits; a few
// µs), registered for 'wasm' (in place on the heap) and 'cpu'. Other backends keep the composed ops.
import * as tf from '@tensorflow/tfjs-core';
import { ptr, simdKernels } from './simd.js';

export const MASKED_LOSS = 'MtlMaskedLoss';
export const MASKED_LOSS_GRAD = 'MtlMaskedLossGrad';

/** ce: softmax cross-entropy of [B, C] logits against class indices; bce: of a [B] logit; mse, mae: of [B] values. */
export type MaskedLossKind = 'ce' | 'bce' | 'mse' | 'mae';
/** What the predictions output holds per row: the arg-max class, the sigmoid of the logit, or the value itself. */
export type PredictionKind = 'argmax' | 'sigmoid' | 'identity';

interface LossAttrs {
  loss: MaskedLossKind;
  pred: PredictionKind;
  classes: number;
}

type Info = tf.TensorInfo;

/** Reading and writing float32 tensors of one backend as typed arrays. */
interface Memory {
  read(t: Info): Float32Array;
  /** A new float32 output and a writable view of it. */
  make(shape: number[]): [Info, () => Float32Array];
  /** Cross-entropy by the SIMD kernels (wasm): per row [max, Σ e^(x − max), arg max], or null without them. */
  ceStats?(x: Info, rows: number, cols: number): Float32Array | null;
  /** The cross-entropy gradient into dx by the SIMD kernels (wasm); false without them. */
  ceGrad?(x: Info, y: Info, mask: Info, dx: Info, rows: number, cols: number, scale: number): boolean;
}

function wasmMemory(backend: any): Memory {
  const view = (t: Info) => {
    const { memoryOffset } = backend.dataIdMap.get(t.dataId) as { memoryOffset: number };
    return new Float32Array(backend.wasm.HEAPU8.buffer, memoryOffset, tf.util.sizeFromShape(t.shape));
  };
  return {
    read: view,
    make(shape) {
      const out = backend.makeOutput(shape, 'float32') as Info;
      return [out, () => view(out)];
    },
    ceStats(x, rows, cols) {
      const simd = simdKernels(backend);
      if (!simd) return null;
      const stats = backend.makeOutput([rows * 3], 'float32') as Info;
      simd.ce_stats(ptr(backend, x), ptr(backend, stats), rows, cols);
      const copy = view(stats).slice();
      backend.disposeData(stats.dataId);
      return copy;
    },
    ceGrad(x, y, mask, dx, rows, cols, scale) {
      const simd = simdKernels(backend);
      if (!simd) return false;
      simd.ce_grad(ptr(backend, x), ptr(backend, y), ptr(backend, mask), ptr(backend, dx), rows, cols, scale);
      return true;
    },
  };
}

function cpuMemory(backend: any): Memory {
  return {
    read: (t) => backend.data.get(t.dataId).values as Float32Array,
    make(shape) {
      const values = new Float32Array(tf.util.sizeFromShape(shape));
      const out = backend.makeTensorInfo(shape, 'float32', values) as Info;
      return [out, () => values];
    },
  };
}

const MEMORIES: Record<string, (backend: any) => Memory> = { wasm: wasmMemory, cpu: cpuMemory };
const f32 = Math.fround;

function rowsOf(x: Info, attrs: LossAttrs): number {
  return attrs.loss === 'ce' ? x.shape[0] : tf.util.sizeFromShape(x.shape);
}

function lossForward(memory: Memory, x: Info, y: Info, mask: Info, attrs: LossAttrs): Info[] {
  const B = rowsOf(x, attrs);
  const C = attrs.loss === 'ce' ? tf.util.sizeFromShape(x.shape) / Math.max(B, 1) : 1;
  // the rows' softmax statistics from the SIMD kernel (e^x within 2 ulp), else computed below with Math.exp
  const stats = attrs.loss === 'ce' && memory.ceStats ? memory.ceStats(x, B, C) : null;
  const [lossT, lossW] = memory.make([]);
  const [countT, countW] = memory.make([]);
  const [predT, predW] = memory.make([B]);
  // views after the allocations (a wasm heap that grows detaches earlier views)
  const xs = memory.read(x);
  const ys = memory.read(y);
  const ms = memory.read(mask);
  const pred = predW();
  let sum = 0;
  let count = 0;
  for (let i = 0; i < B; i++) {
    const m = ms[i];
    count += m;
    let row: number;
    if (attrs.loss === 'ce') {
      const o = i * C;
      let max = xs[o];
      let arg = 0;
      // as tfjs's logSoftmax: shifted = x − max; log-softmax = shifted − log Σ exp(shifted)
      let s = 0;
      if (stats) {
        max = stats[3 * i];
        s = stats[3 * i + 1];
        arg = stats[3 * i + 2];
      } else {
        for (let c = 1; c < C; c++) {
          if (xs[o + c] > max) {
            max = xs[o + c];
            arg = c;
          }
        }
        for (let c = 0; c < C; c++) s += f32(Math.exp(f32(xs[o + c] - max)));
      }
      const lse = f32(Math.log(f32(s)));
      const k = Math.trunc(ys[i]); // tf.cast(y, 'int32'); out of range: the one-hot row is all zeros
      row = k >= 0 && k < C ? -f32(f32(xs[o + k] - max) - lse) : 0;
      pred[i] = attrs.pred === 'argmax' ? arg : xs[o];
    } else {
      const v = xs[i];
      const t = ys[i];
      if (attrs.loss === 'bce') {
        // log(1 + e^x) − x·y, written to stay finite for large |x| (as losses.ts)
        row = f32(f32((v > 0 ? v : 0) - f32(v * t)) + f32(Math.log1p(f32(Math.exp(-Math.abs(v))))));
      } else {
        const d = f32(v - t);
        row = attrs.loss === 'mse' ? f32(d * d) : Math.abs(d);
      }
      pred[i] = attrs.pred === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : v;
    }
    sum += f32(row * m);
  }
  lossW()[0] = f32(f32(sum) / Math.max(count, 1));
  countW()[0] = count;
  return [lossT, countT, predT];
}

function lossBackward(memory: Memory, dy: Info, x: Info, y: Info, mask: Info, attrs: LossAttrs): Info {
  const B = rowsOf(x, attrs);
  const C = attrs.loss === 'ce' ? tf.util.sizeFromShape(x.shape) / Math.max(B, 1) : 1;
  const [dxT, dxW] = memory.make(x.shape);
  if (attrs.loss === 'ce' && memory.ceGrad) {
    const ms = memory.read(mask);
    let count = 0;
    for (let i = 0; i < B; i++) count += ms[i];
    if (memory.ceGrad(x, y, mask, dxT, B, C, f32(memory.read(dy)[0] / Math.max(count, 1)))) return dxT;
  }
  const xs = memory.read(x);
  const ys = memory.read(y);
  const ms = memory.read(mask);
  const g = memory.read(dy)[0];
  const dx = dxW();
  let count = 0;
  for (let i = 0; i < B; i++) count += ms[i];
  const scale = f32(g / Math.max(count, 1));
  const exps = new Float64Array(C);
  for (let i = 0; i < B; i++) {
    const w = f32(ms[i] * scale);
    if (attrs.loss === 'ce') {
      const o = i * C;
      let max = xs[o];
      for (let c = 1; c < C; c++) if (xs[o + c] > max) max = xs[o + c];
      const k = Math.trunc(ys[i]);
      if (!(k >= 0 && k < C)) {
        for (let c = 0; c < C; c++) dx[o + c] = 0; // a row without a class in range has no loss
        continue;
      }
      // d/dx of −log-softmax[k] is softmax − one-hot (each exponential computed once, kept between the passes)
      let s = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp(f32(xs[o + c] - max));
        exps[c] = e;
        s += f32(e);
      }
      for (let c = 0; c < C; c++) dx[o + c] = f32(w * f32(f32(exps[c] / s) - (c === k ? 1 : 0)));
    } else {
      const v = xs[i];
      const t = ys[i];
      let d: number;
      if (attrs.loss === 'bce') d = f32(1 / (1 + Math.exp(-v))) - t;
      else if (attrs.loss === 'mse') d = 2 * f32(v - t);
      else d = f32(v - t) > 0 ? 1 : -1; // tfjs's abs gradient: step(x, −1)
      dx[i] = f32(w * d);
    }
  }
  return dxT;
}

let registered = false;

/** Registers the masked-loss kernels for wasm and cpu and their gradient (idempotent). */
export function registerMaskedLossKernels(): void {
  if (registered) return;
  for (const [backendName, memoryOf] of Object.entries(MEMORIES)) {
    tf.registerKernel({
      kernelName: MASKED_LOSS,
      backendName,
      kernelFunc: (({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: unknown; attrs: unknown }) =>
        lossForward(memoryOf(backend), inputs.x, inputs.y, inputs.mask, attrs as LossAttrs)) as unknown as tf.KernelFunc,
    });
    tf.registerKernel({
      kernelName: MASKED_LOSS_GRAD,
      backendName,
      kernelFunc: (({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: unknown; attrs: unknown }) =>
        lossBackward(memoryOf(backend), inputs.dy, inputs.x, inputs.y, inputs.mask, attrs as LossAttrs)) as unknown as tf.KernelFunc,
    });
  }
  tf.registerGradient({
    kernelName: MASKED_LOSS,
    inputsToSave: ['x', 'y', 'mask'],
    gradFunc: (dy, saved, attrs) => {
      const [x, y, mask] = saved;
      const dLoss = Array.isArray(dy) ? dy[0] : dy;
      return {
        x: () => tf.engine().runKernel(MASKED_LOSS_GRAD, { dy: dLoss, x, y, mask }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
        y: () => tf.zerosLike(y),
        mask: () => tf.zerosLike(mask),
      };
    },
  });
  registered = true;
}

/** Whether the fused masked loss runs on the current backend (else the caller composes it from ops). */
export function maskedLossAvailable(): boolean {
  const backend = tf.getBackend();
  return registered && backend in MEMORIES && tf.getKernel(MASKED_LOSS, backend) != null;
}

/**
 * The fused masked loss: [loss, labelled count, predictions]. x: [B, C] logits (ce) or [B] / [B, 1] values,
 * y: [B] labels (missing ones 0), mask: [B] 0/1; all float32.
 */
export function maskedLoss(x: tf.Tensor, y: tf.Tensor, mask: tf.Tensor, loss: MaskedLossKind, pred: PredictionKind, classes: number):
  [tf.Scalar, tf.Scalar, tf.Tensor1D] {
  const out = tf.engine().runKernel(MASKED_LOSS, { x, y, mask }, { loss, pred, classes } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return [out[0] as tf.Scalar, out[1] as tf.Scalar, out[2] as tf.Tensor1D];
}

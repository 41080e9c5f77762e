// A conv layer followed by a 2 × 2 max-pool at stride 2 (and optionally a relu, before or after the pool: relu and
// max-pool commute) as one kernel with its own gradient, while training (model/custom/convPool.ts builds the layer).
//
//   MtlConvPool(x, filter, bias) = [y, idx]
//     z = conv2d(x, filter) + bias              stride 1, dilation 1, NHWC, 'valid' or 'same'
//     y = maxPool2x2(z) (relu: max(·, 0))       rows / columns past an even count dropped, as a 'valid' pool does
//     idx = the tap (0..3, row-major) of each window's first maximum (int32, y's shape)
//   gradient: each pooled value (masked where relu) is the one non-zero of its window's convolution-output gradient
//   dz, at tap idx. Filter and bias from one MtlConvPoolFilterBiasGrad call: on wasm without padding its list of
//   dz's non-zeros per channel is built straight from dy and idx (simd/kernels.c convpool_filter_bias_grad, the
//   lists of conv_list_filter_grad fed differently: no dz written, cleared or scanned), elsewhere from dz written
//   whole (MtlConvPoolGrad: one pass, window by window, no read of z) and MtlConv2DBackpropFilterBias. x: dz, then
//   Conv2DBackpropInput, in a closure of its own (so the tape still skips the images' gradient of a first layer).
//   No MaxPoolGrad, no relu gradient of its own.
//
// Forward on wasm without padding: convpool_fwd, the convolution (conv2d_c1_px / conv2d_valid_bias) and the pool a
// few images at a time, z never written whole; else MtlConv2D's wasm kernel, then convpool_pool (JS loops on the
// heap below four channels or without the SIMD kernels). cpu: the backend's kernels and the same JS loops. Other
// backends: null (the separate layers run).
import * as tf from '@tensorflow/tfjs-core';
import { CONV, FILTER_BIAS_GRAD, registerConvTrainKernels } from './conv-train.js';
import { padFilter } from './conv2d-c1.js';
import { ptr, simdKernels, type SimdKernels } from './simd.js';
import { Scratch, heapF32, type Backend } from './wasm-util.js';

export const CONV_POOL = 'MtlConvPool';
export const CONV_POOL_GRAD = 'MtlConvPoolGrad';
export const CONV_POOL_FILTER_BIAS_GRAD = 'MtlConvPoolFilterBiasGrad';

type Info = tf.TensorInfo;
interface Args { inputs: Record<string, Info>; backend: any; attrs: Record<string, unknown> }
interface ConvPoolAttrs { pad: 'valid' | 'same'; relu: boolean }

const BACKENDS = ['wasm', 'cpu'];

function call(backendName: string, name: string, backend: any, inputs: Record<string, Info>, attrs: Record<string, unknown> = {}): Info {
  return (tf.getKernel(name, backendName)!.kernelFunc as any)({ inputs, backend, attrs }) as Info;
}

/** The pool on plain arrays: z [nb, ho, wo, c] → y, idx [nb, ho >> 1, wo >> 1, c]. */
export function poolJs(z: Float32Array, y: Float32Array, idx: Int32Array, nb: number, ho: number, wo: number, c: number, relu: boolean): void {
  const ph = ho >> 1;
  const pw = wo >> 1;
  const row = wo * c;
  let p = 0;
  for (let b = 0; b < nb; b++) {
    for (let i = 0; i < ph; i++) {
      const r0 = (b * ho + 2 * i) * row;
      for (let j = 0; j < pw; j++) {
        const o = r0 + 2 * j * c;
        for (let d = 0; d < c; d++, p++) {
          let best = -Infinity;
          let t = -1;
          const v0 = z[o + d], v1 = z[o + c + d], v2 = z[o + row + d], v3 = z[o + row + c + d];
          if (v0 > best) { best = v0; t = 0; }
          if (v1 > best) { best = v1; t = 1; }
          if (v2 > best) { best = v2; t = 2; }
          if (v3 > best) { best = v3; t = 3; }
          y[p] = relu && !(best > 0) ? 0 : best;
          idx[p] = t;
        }
      }
    }
  }
}

/** The pool's gradient on plain arrays: dz [nb, ho, wo, c] written whole (0 off the argmax taps). */
export function poolGradJs(dy: Float32Array, y: Float32Array, idx: Int32Array, dz: Float32Array, nb: number, ho: number, wo: number, c: number, relu: boolean): void {
  dz.fill(0);
  const ph = ho >> 1;
  const pw = wo >> 1;
  const row = wo * c;
  let p = 0;
  for (let b = 0; b < nb; b++) {
    for (let i = 0; i < ph; i++) {
      const r0 = (b * ho + 2 * i) * row;
      for (let j = 0; j < pw; j++) {
        const o = r0 + 2 * j * c;
        for (let d = 0; d < c; d++, p++) {
          const t = idx[p];
          if (t < 0 || (relu && !(y[p] > 0))) continue;
          dz[o + (t >> 1) * row + (t & 1) * c + d] = dy[p];
        }
      }
    }
  }
}

function i32(backend: Backend, t: Info): Int32Array {
  const f = heapF32(backend, t);
  return new Int32Array(f.buffer, f.byteOffset, f.length);
}

/**
 * No padding, at least four channels: convolution and pool a few images at a time (convpool_fwd), each chunk of the
 * convolution's output pooled while in cache (about 128 KB of it), never written whole. Else null.
 */
function convPoolFusedWasm(backend: Backend, simd: SimdKernels, inputs: Record<string, Info>, a: ConvPoolAttrs): Info[] | null {
  const { x, filter, bias } = inputs;
  const [nb, h, w, ci] = x.shape;
  const [fh, fw, , co] = filter.shape;
  const ho = h - fh + 1;
  const wo = w - fw + 1;
  if (a.pad !== 'valid' || co < 4 || nb === 0 || ho < 2 || wo < 2 || tf.util.sizeFromShape(filter.shape) > 65_536) return null;
  const shape = [nb, ho >> 1, wo >> 1, co];
  const chunk = Math.max(1, Math.min(nb, Math.floor(32_768 / (ho * wo * co))));
  const y = backend.makeOutput(shape, 'float32') as Info;
  const idx = backend.makeOutput(shape, 'int32') as Info;
  const s = new Scratch(backend);
  try {
    const tmp = s.make([chunk * ho * wo * co]);
    if (ci === 1) {
      // conv2d_c1_px's operands as conv-train.ts prepares them: the filter and the bias padded to co4 channels
      const co4 = (co + 3) & ~3;
      const wp = padFilter(s, backend, filter);
      const bp = s.make([co4]);
      const ws = s.make([Math.ceil(co / 5) * fh * fw * 20]);
      const bv = heapF32(backend, bp);
      bv.fill(0);
      bv.set(heapF32(backend, bias));
      simd.convpool_fwd(0, ptr(backend, x), ptr(backend, wp), ptr(backend, bp), ptr(backend, ws), ptr(backend, tmp), ptr(backend, y),
        ptr(backend, idx), nb, h, w, ci, co, ho, wo, fh, fw, a.relu ? 1 : 0, chunk);
    } else {
      simd.convpool_fwd(1, ptr(backend, x), ptr(backend, filter), ptr(backend, bias), 0, ptr(backend, tmp), ptr(backend, y),
        ptr(backend, idx), nb, h, w, ci, co, ho, wo, fh, fw, a.relu ? 1 : 0, chunk);
    }
  } finally {
    s.dispose();
  }
  return [y, idx];
}

function convPoolWasm({ inputs, backend, attrs }: Args): Info[] {
  const a = attrs as unknown as ConvPoolAttrs;
  const simdFirst = simdKernels(backend);
  const fused = simdFirst ? convPoolFusedWasm(backend, simdFirst, inputs, a) : null;
  if (fused) return fused;
  const z = call('wasm', CONV, backend, inputs, { strides: 1, pad: a.pad, activation: 'linear' });
  const [nb, ho, wo, c] = z.shape;
  const shape = [nb, ho >> 1, wo >> 1, c];
  const y = backend.makeOutput(shape, 'float32') as Info;
  const idx = backend.makeOutput(shape, 'int32') as Info;
  const simd = simdKernels(backend);
  if (tf.util.sizeFromShape(shape) > 0) {
    if (simd && c >= 4) simd.convpool_pool(ptr(backend, z), ptr(backend, y), ptr(backend, idx), nb, ho, wo, c, shape[1], shape[2], a.relu ? 1 : 0);
    else poolJs(heapF32(backend, z), heapF32(backend, y), i32(backend, idx), nb, ho, wo, c, a.relu);
  }
  backend.disposeData(z.dataId);
  return [y, idx];
}

function convPoolGradWasm({ inputs, backend, attrs }: Args): Info {
  const { dy, y, idx } = inputs;
  const [nb, ho, wo, c] = attrs.zShape as number[];
  const relu = !!attrs.relu;
  const dz = backend.makeOutput([nb, ho, wo, c], 'float32') as Info;
  const simd = simdKernels(backend);
  if (tf.util.sizeFromShape(dz.shape) > 0) {
    if (simd && c >= 4) {
      simd.convpool_grad(ptr(backend, dy), ptr(backend, y), ptr(backend, idx), ptr(backend, dz), nb, ho, wo, c, ho >> 1, wo >> 1, relu ? 1 : 0);
    } else {
      poolGradJs(heapF32(backend, dy), heapF32(backend, y), i32(backend, idx), heapF32(backend, dz), nb, ho, wo, c, relu);
    }
  }
  return dz;
}

function convPoolCpu({ inputs, backend, attrs }: Args): Info[] {
  const a = attrs as unknown as ConvPoolAttrs;
  const z = call('cpu', CONV, backend, inputs, { strides: 1, pad: a.pad, activation: 'linear' });
  const [nb, ho, wo, c] = z.shape;
  const shape = [nb, ho >> 1, wo >> 1, c];
  const n = tf.util.sizeFromShape(shape);
  const yv = new Float32Array(n);
  const iv = new Int32Array(n);
  poolJs(backend.data.get(z.dataId).values as Float32Array, yv, iv, nb, ho, wo, c, a.relu);
  backend.disposeData(z.dataId);
  return [backend.makeTensorInfo(shape, 'float32', yv), backend.makeTensorInfo(shape, 'int32', iv)];
}

function convPoolGradCpu({ inputs, backend, attrs }: Args): Info {
  const { dy, y, idx } = inputs;
  const [nb, ho, wo, c] = attrs.zShape as number[];
  const dz = new Float32Array(nb * ho * wo * c);
  const v = (t: Info) => backend.data.get(t.dataId).values;
  poolGradJs(v(dy) as Float32Array, v(y) as Float32Array, v(idx) as Int32Array, dz, nb, ho, wo, c, !!attrs.relu);
  return backend.makeTensorInfo([nb, ho, wo, c], 'float32', dz);
}

/** The convolution's output gradient from the pooled one (zShape: the convolution's output shape). */
function zShapeOf(x: readonly number[], filter: readonly number[], pad: 'valid' | 'same'): number[] {
  return pad === 'valid' ? [x[0], x[1] - filter[0] + 1, x[2] - filter[1] + 1, filter[3]] : [x[0], x[1], x[2], filter[3]];
}

/** Filter and bias gradients from dz (written whole from dy and idx) with the backend's conv-layer kernel. */
function filterBiasViaDz(backendName: string, args: Args): Info[] {
  const { inputs, backend, attrs } = args;
  const { x, dy, y, idx } = inputs;
  const filterShape = attrs.filterShape as number[];
  const pad = attrs.pad as 'valid' | 'same';
  const zShape = zShapeOf(x.shape, filterShape, pad);
  const gradArgs = { inputs: { dy, y, idx }, backend, attrs: { relu: attrs.relu, zShape } };
  const dz = backendName === 'wasm' ? convPoolGradWasm(gradArgs) : convPoolGradCpu(gradArgs);
  const out = (tf.getKernel(FILTER_BIAS_GRAD, backendName)!.kernelFunc as any)({
    inputs: { x, dy: dz }, backend, attrs: { strides: 1, pad, dataFormat: 'NHWC', filterShape },
  }) as Info[];
  backend.disposeData(dz.dataId);
  return out;
}

/**
 * wasm: the filter and bias gradients straight from the pooled gradient (convpool_filter_bias_grad: each pooled
 * value is its window's one non-zero, listed per channel without a dense dz) where there is no padding; else via dz.
 */
function convPoolFilterBiasGradWasm(args: Args): Info[] {
  const { inputs, attrs } = args;
  const backend = args.backend as Backend;
  const { x, dy, y, idx } = inputs;
  const [fh, fw, ci, co] = attrs.filterShape as number[];
  const simd = simdKernels(backend);
  if (!simd || attrs.pad !== 'valid' || tf.util.sizeFromShape(dy.shape) === 0) return filterBiasViaDz('wasm', args);
  const [nb, h, w] = x.shape;
  const [, ph, pw] = dy.shape;
  const dW = backend.makeOutput([fh, fw, ci, co], 'float32') as Info;
  const db = backend.makeOutput([co], 'float32') as Info;
  const s = new Scratch(backend);
  try {
    // dwt [co][fh][fw][ci], transposed to the filter's [fh, fw, ci, co] below
    const dwt = s.make([co * fh * fw * ci]);
    const scratch = s.make([128 * (1 + 2 * co) + co]);
    simd.convpool_filter_bias_grad(ptr(backend, x), ptr(backend, dy), ptr(backend, y), ptr(backend, idx), ptr(backend, dwt),
      ptr(backend, db), ptr(backend, scratch), nb, h, w, ci, co, ph, pw, fh, fw, attrs.relu ? 1 : 0);
    const t = heapF32(backend, dwt);
    const o = heapF32(backend, dW);
    const k = fh * fw * ci;
    for (let c = 0; c < co; c++) for (let i = 0; i < k; i++) o[i * co + c] = t[c * k + i];
  } finally {
    s.dispose();
  }
  return [dW, db];
}

let registered = false;

/** Registers MtlConvPool / MtlConvPoolGrad for wasm and cpu and MtlConvPool's gradient (idempotent). */
export function registerConvPoolKernels(): void {
  if (registered) return;
  registerConvTrainKernels();
  const kernel = (kernelName: string, backendName: string, f: (args: Args) => Info | Info[]) =>
    tf.registerKernel({ kernelName, backendName, kernelFunc: f as unknown as tf.KernelFunc });
  kernel(CONV_POOL, 'wasm', convPoolWasm);
  kernel(CONV_POOL, 'cpu', convPoolCpu);
  kernel(CONV_POOL_GRAD, 'wasm', convPoolGradWasm);
  kernel(CONV_POOL_GRAD, 'cpu', convPoolGradCpu);
  kernel(CONV_POOL_FILTER_BIAS_GRAD, 'wasm', convPoolFilterBiasGradWasm);
  kernel(CONV_POOL_FILTER_BIAS_GRAD, 'cpu', (args) => filterBiasViaDz('cpu', args));
  tf.registerGradient({
    kernelName: CONV_POOL,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, filter, y, idx] = saved;
      const a = attrs as unknown as ConvPoolAttrs;
      const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
      const zShape = zShapeOf(x.shape, filter.shape, a.pad);
      // The filter and bias gradients from one call, computed here, not in closures (the tape runs each closure in
      // its own tidy; whatever it does not take is freed with the rest of the backward pass). The convolution's
      // output gradient dz is written only for x's gradient (never for a first layer's images).
      const [dW, db] = tf.engine().runKernel(CONV_POOL_FILTER_BIAS_GRAD, { x, dy, y, idx }, {
        relu: a.relu, pad: a.pad, filterShape: filter.shape,
      } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      return {
        x: () => {
          const dz = tf.engine().runKernel(CONV_POOL_GRAD, { dy, y, idx }, { relu: a.relu, zShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
          return tf.engine().runKernel('Conv2DBackpropInput', { dy: dz, filter }, {
            strides: 1, pad: a.pad, dataFormat: 'NHWC', inputShape: x.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor;
        },
        filter: () => dW,
        bias: () => db,
      };
    },
  });
  registered = true;
}

/** Whether MtlConvPool runs on the current backend. */
export function convPoolAvailable(): boolean {
  return BACKENDS.includes(tf.getBackend());
}

/**
 * relu?(maxPool2x2(conv2d(x, filter) + bias)) as one MtlConvPool call where the backend has it (stride 1, 4-D float32
 * NHWC), else null. The pool is 'valid' (an odd last row / column of the convolution's output dropped).
 */
export function convPool(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, pad: 'valid' | 'same', relu: boolean): tf.Tensor4D | null {
  if (!convPoolAvailable()) return null;
  if (x.rank !== 4 || filter.rank !== 4 || bias.rank !== 1 || x.dtype !== 'float32' || filter.dtype !== 'float32' || bias.dtype !== 'float32') return null;
  if (x.shape[3] !== filter.shape[2] || bias.shape[0] !== filter.shape[3]) return null;
  registerConvPoolKernels();
  const [y, idx] = tf.engine().runKernel(CONV_POOL, { x, filter, bias }, { pad, relu } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  idx.dispose();
  return y as tf.Tensor4D;
}

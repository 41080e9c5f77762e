// MaxPoolGrad for wasm: one pass over the pooling windows, in place on the wasm heap.
//
// Each output gradient goes to the first position of its window that holds the window's
// maximum (row-major within the window, padding excluded), exactly as the cpu backend decides;
// overlapping windows add up. The SIMD kernel (simd/kernels.c) takes four channels at a time;
// the JS loop below is the fallback where it cannot be loaded.
import * as tf from '@tensorflow/tfjs-core';
import { heapF32, type Backend, type TensorInfo } from './wasm-util.js';
import { ptr, simdKernels } from './simd.js';

export interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Adds each output gradient g into dx at its window's first maximum of x. */
function scatter(x: Float32Array, g: Float32Array, dx: Float32Array, nb: number, h: number, w: number,
  c: number, ho: number, wo: number, sh: number, sw: number, fh: number, fw: number, pt: number, pl: number): void {
  const rowStride = w * c;
  let o = 0;
  for (let b = 0; b < nb; b++) {
    const img = b * h * rowStride;
    for (let oh = 0; oh < ho; oh++) {
      const r0 = oh * sh - pt;
      const rMin = r0 < 0 ? 0 : r0;
      const rMax = r0 + fh > h ? h : r0 + fh;
      for (let ow = 0; ow < wo; ow++) {
        const c0 = ow * sw - pl;
        const cMin = c0 < 0 ? 0 : c0;
        const cMax = c0 + fw > w ? w : c0 + fw;
        for (let d = 0; d < c; d++, o++) {
          let best = -Infinity;
          let pos = -1;
          for (let r = rMin; r < rMax; r++) {
            let k = img + r * rowStride + cMin * c + d;
            for (let col = cMin; col < cMax; col++, k += c) {
              const v = x[k];
              if (v > best) {
                best = v;
                pos = k;
              }
            }
          }
          if (pos >= 0) dx[pos] += g[o];
        }
      }
    }
  }
}

export function maxPoolGradWasm(args: {
  inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  backend: Backend;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const { dy, input } = args.inputs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad,
    attrs.dimRoundingMode);
  const { batchSize: nb, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo,
    strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;
  const out = backend.makeOutput(input.shape, 'float32') as TensorInfo;
  const simd = simdKernels(backend);
  if (simd && c >= 4 && sh === fh && sw === fw && pt === 0 && pl === 0 && ho * sh <= h && wo * sw <= w) {
    // Windows that tile the input (2 × 2 pools): dx written once, window by window (NOTES item 45).
    simd.maxpool_grad_tiled(ptr(backend, input), ptr(backend, dy), ptr(backend, out), nb, h, w, c, ho, wo, fh, fw);
    return out;
  }
  if (simd) {
    simd.maxpool_grad(ptr(backend, input), ptr(backend, dy), ptr(backend, out), nb, h, w, c, ho, wo, sh, sw, fh, fw, pt, pl);
    return out;
  }
  // Views taken after the allocation: it may have grown (and so replaced) the heap.
  const dx = heapF32(backend, out);
  const x = heapF32(backend, input);
  const g = heapF32(backend, dy);
  dx.fill(0);
  scatter(x, g, dx, nb, h, w, c, ho, wo, sh, sw, fh, fw, pt, pl);
  return out;
}

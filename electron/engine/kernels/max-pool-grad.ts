// MaxPoolGrad for wasm: one pass over the pooling windows, in place on the wasm heap.
//
// Each output gradient goes to the first position of its window that holds the window's
// maximum (row-major within the window, padding excluded), exactly as the cpu backend decides;
// overlapping windows add up. Channels are the inner loop, so x is read contiguously.
import * as tf from '@tensorflow/tfjs-core';
import { heapF32, type Backend, type TensorInfo } from './wasm-util.js';

export interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

let maxVal = new Float32Array(0);
let maxPos = new Int32Array(0);

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
  // Views taken after the allocation: it may have grown (and so replaced) the heap.
  const dx = heapF32(backend, out);
  const x = heapF32(backend, input);
  const g = heapF32(backend, dy);
  dx.fill(0);
  if (maxVal.length < c) {
    maxVal = new Float32Array(c);
    maxPos = new Int32Array(c);
  }
  const mv = maxVal;
  const mp = maxPos;
  const rowStride = w * c;
  const imgStride = h * rowStride;
  let o = 0;
  for (let b = 0; b < nb; b++) {
    const img = b * imgStride;
    for (let oh = 0; oh < ho; oh++) {
      const r0 = oh * sh - pt;
      const rMin = Math.max(r0, 0);
      const rMax = Math.min(r0 + fh, h);
      for (let ow = 0; ow < wo; ow++) {
        const c0 = ow * sw - pl;
        const cMin = Math.max(c0, 0);
        const cMax = Math.min(c0 + fw, w);
        mv.fill(-Infinity, 0, c);
        mp.fill(-1, 0, c);
        for (let r = rMin; r < rMax; r++) {
          for (let col = cMin; col < cMax; col++) {
            const base = img + r * rowStride + col * c;
            for (let d = 0; d < c; d++) {
              const v = x[base + d];
              if (v > mv[d]) {
                mv[d] = v;
                mp[d] = base + d;
              }
            }
          }
        }
        for (let d = 0; d < c; d++) {
          const p = mp[d];
          if (p >= 0) dx[p] += g[o + d];
        }
        o += c;
      }
    }
  }
  return out;
}

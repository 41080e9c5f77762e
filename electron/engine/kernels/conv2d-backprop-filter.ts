// Conv2DBackpropFilter for wasm (the backend ships none, so a conv layer's gradient throws).
//
// dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·sh + kh − pt, ow·sw + kw − pl, ci] · dy[n,oh,ow,co]
//
// Where dy is mostly zeros (after a max-pool), a SIMD kernel visits its non-zero entries only.
// For one input channel, a direct SIMD kernel. For few input channels: the SIMD kernel writes the input's patches transposed, [fh·fw·ci, n·ho·wo]
// (im2col_t), and one XNNPACK matrix product with dy as [n·ho·wo, co] gives dW: exactly the
// forward's multiply-adds, no transposes of the big tensors.
//
// Otherwise (and where the SIMD kernels cannot be loaded) the same sum is itself a convolution: take the input transposed to [Ci, H, W, N] (batch Ci, N channels)
// and the output gradient transposed to [Ho, Wo, N, Co] as the filter, with dilation equal to
// the forward stride; the result [Ci, fh, fw, Co] is transposed to [fh, fw, Ci, Co]. All four
// steps run on the backend's own kernels (XNNPACK for the convolution).
import * as tf from '@tensorflow/tfjs-core';
import { Scratch, explicitPad, wasmKernel, type Backend, type TensorInfo } from './wasm-util.js';
import { ptr, simdKernels, sparseEnough, SPARSE_DENSITY } from './simd.js';
import { heapF32 } from './wasm-util.js';

export interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

interface FilterGradArgs {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: Backend;
  attrs: Conv2DBackpropFilterAttrs;
}

export function conv2DBackpropFilterWasm(args: FilterGradArgs): TensorInfo {
  return filterGrad(args, null).dW;
}

/**
 * The filter gradient and the bias gradient Σ dy[..., o] of a conv layer (NHWC) in one call: where dy's
 * non-zeros are listed for the filter gradient, the bias gradient is summed from the lists; otherwise one
 * SIMD column-sum pass (or the backend's Sum).
 */
export function conv2DBackpropFilterBiasWasm(args: FilterGradArgs): TensorInfo[] {
  const { backend } = args;
  const co = args.attrs.filterShape[3];
  const db = backend.makeOutput([co], 'float32') as TensorInfo;
  const { dW, biasDone } = filterGrad(args, db);
  if (biasDone) return [dW, db];
  const simd = args.attrs.dataFormat !== 'NCHW' ? simdKernels(backend) : null;
  const dy = args.inputs.dy;
  const rows = tf.util.sizeFromShape(dy.shape) / co;
  if (simd) {
    simd.sum_rows(ptr(backend, dy), ptr(backend, db), rows, co);
    return [dW, db];
  }
  backend.disposeData(db.dataId);
  const axis = args.attrs.dataFormat === 'NCHW' ? [0, 2, 3] : [0, 1, 2];
  return [dW, wasmKernel('Sum')({ inputs: { x: dy }, backend, attrs: { axis, keepDims: false } })];
}

function filterGrad(args: FilterGradArgs, db: TensorInfo | null): { dW: TensorInfo; biasDone: boolean } {
  const done = (dW: TensorInfo, biasDone = false) => ({ dW, biasDone });
  const { backend, attrs } = args;
  const s = new Scratch(backend);
  try {
    let { x, dy } = args.inputs;
    if (attrs.dataFormat === 'NCHW') {
      x = s.transpose(x, [0, 2, 3, 1]);
      dy = s.transpose(dy, [0, 2, 3, 1]);
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad,
      attrs.dimRoundingMode, false, 'channelsLast');
    const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: ho, outWidth: wo,
      outChannels: co, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
    const pt = info.padInfo.top;
    const pl = info.padInfo.left;
    // Mostly-zero dy (after a max-pool) and every window inside x: the non-zero entries listed per
    // channel, each filter row summed over its channel's list in registers (NOTES item 39).
    const inside = pt === 0 && pl === 0 && (ho - 1) * sh + fh <= h && (wo - 1) * sw + fw <= w;
    const lk = inside ? simdKernels(backend) : null;
    if (lk) {
      const pixels = n * ho * wo;
      const scratch = s.make([512 * (1 + 2 * co) + co]);
      const dwt = s.make([co, fh, fw, ci]);
      const limit = Math.floor(SPARSE_DENSITY * pixels * co);
      const nnz = db
        ? lk.conv_list_filter_bias_grad(ptr(backend, x), ptr(backend, dy), ptr(backend, dwt), ptr(backend, db), ptr(backend, scratch),
          n, h, w, ci, ho, wo, co, sh, sw, fh, fw, limit)
        : lk.conv_list_filter_grad(ptr(backend, x), ptr(backend, dy), ptr(backend, dwt), ptr(backend, scratch),
          n, h, w, ci, ho, wo, co, sh, sw, fh, fw, limit);
      if (nnz >= 0) return done(s.release(s.transpose(dwt, [1, 2, 3, 0])), db !== null);
    }
    // Padded: visit the non-zero entries one filter row at a time.
    const sp = ci >= 4 ? simdKernels(backend) : null;
    if (sp && sparseEnough(sp, backend, dy)) {
      const dwt = s.make([co, fh, fw, ci]);
      sp.conv_sparse_filter_grad(ptr(backend, x), ptr(backend, dy), ptr(backend, dwt), n, h, w, ci, ho, wo, co, sh, sw, fh, fw, pt, pl);
      return done(s.release(s.transpose(dwt, [1, 2, 3, 0])));
    }
    // One input channel: the direct SIMD kernel (no patches, no packing).
    const c1 = ci === 1 ? simdKernels(backend) : null;
    if (c1) {
      const co4 = (co + 3) & ~3;
      const dwp = s.make([fh * fw, co4]);
      c1.conv2d_c1_filter_grad(ptr(backend, x), ptr(backend, dy), ptr(backend, dwp), n, h, w, co, ho, wo, sh, sw, fh, fw, pt, pl);
      const out = backend.makeOutput([fh, fw, 1, co], 'float32') as TensorInfo;
      const src = heapF32(backend, dwp);
      const dst = heapF32(backend, out);
      for (let t = 0; t < fh * fw; t++) dst.set(src.subarray(t * co4, t * co4 + co), t * co);
      return done(out);
    }
    // The matrix-product path wins where the patches are cheap to gather (few input channels,
    // e.g. a first layer on grey images: 7 ms against 18 for MultiLeNet's conv1); with more
    // channels the gather costs more than it saves (conv2: 16 ms against 12).
    const simd = ci < 4 ? simdKernels(backend) : null;
    if (simd) {
      const k = fh * fw * ci;
      const rows = n * ho * wo;
      const patches = s.make([1, k, rows]);
      simd.im2col_t(ptr(backend, x), ptr(backend, patches), n, h, w, ci, ho, wo, sh, sw, fh, fw, 1, 1, pt, pl);
      const dW = s.run('BatchMatMul', { a: patches, b: s.reshape(dy, [1, rows, co]) }, { transposeA: false, transposeB: false });
      return done(s.release(s.reshape(dW, [fh, fw, ci, co])));
    }
    // Padding that makes the transposed convolution's output exactly fh × fw; negative means
    // the forward pass never read the last rows (valid padding with a remainder): crop them.
    const pb = fh + (ho - 1) * sh - h - pt;
    const pr = fw + (wo - 1) * sw - w - pl;

    let xT = s.transpose(x, [3, 1, 2, 0]); // [Ci, H, W, N]
    if (pb < 0 || pr < 0) {
      xT = s.run('Slice', { x: xT }, { begin: [0, 0, 0, 0], size: [ci, h + Math.min(pb, 0), w + Math.min(pr, 0), n] });
    }
    const dyT = s.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, Co]
    const out = s.run('Conv2D', { x: xT, filter: dyT }, {
      strides: [1, 1], dilations: [sh, sw], pad: explicitPad(pt, Math.max(pb, 0), pl, Math.max(pr, 0)),
      dataFormat: 'NHWC', dimRoundingMode: undefined,
    }); // [Ci, fh, fw, Co]
    if (out.shape[1] !== fh || out.shape[2] !== fw || out.shape[3] !== co) {
      throw new Error(`Conv2DBackpropFilter: internal shape ${out.shape} for filter ${attrs.filterShape}`);
    }
    return done(s.release(ci === 1 ? s.reshape(out, [fh, fw, 1, co]) : s.transpose(out, [1, 2, 0, 3])));
  } finally {
    s.dispose();
  }
}

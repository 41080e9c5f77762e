// Conv2DBackpropInput for wasm, replacing the backend's naive loop.
//
// Where dy is mostly zeros (after a max-pool), a SIMD kernel visits its non-zero entries only
// (listed first, then summed in registers per dx row segment).
// Otherwise: one XNNPACK matrix product, dy as [n·ho·wo, co] times the filter as [co, fh·fw·ci],
// gives every tap's contribution; the SIMD kernel col2im adds them into dx. Exactly the
// forward's multiply-adds, any stride and padding.
//
// Fallback (SIMD kernels not loadable): one XNNPACK convolution.
// dx is the "full" correlation of the output gradient, dilated by the forward stride, with the
// filter flipped in space and its channel axes swapped ([fh, fw, Co, Ci]). The stride dilation
// is a reshape + pad + reshape (zeros after each row and column), the padding becomes explicit
// padding of the convolution. Cases whose padding would be negative (forward padding wider than
// the filter) go back to the backend's own kernel, which is correct for all cases.
import * as tf from '@tensorflow/tfjs-core';
import { Scratch, explicitPad, type Backend, type TensorInfo } from './wasm-util.js';
import { ptr, simdKernels, SPARSE_DENSITY } from './simd.js';

export interface Conv2DBackpropInputAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

type Fallback = (args: any) => TensorInfo;

export function makeConv2DBackpropInputWasm(fallback: Fallback | undefined) {
  return function conv2DBackpropInputWasm(args: {
    inputs: { dy: TensorInfo; filter: TensorInfo };
    backend: Backend;
    attrs: Conv2DBackpropInputAttrs;
  }): TensorInfo {
    const { backend, attrs } = args;
    const { filter } = args.inputs;
    const nchw = attrs.dataFormat === 'NCHW';
    const s = new Scratch(backend);
    try {
      let dy = args.inputs.dy;
      const inputShape = nchw
        ? [attrs.inputShape[0], attrs.inputShape[2], attrs.inputShape[3], attrs.inputShape[1]] as [number, number, number, number]
        : attrs.inputShape;
      if (nchw) dy = s.transpose(dy, [0, 2, 3, 1]);
      const info = tf.backend_util.computeConv2DInfo(
        inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad,
        attrs.dimRoundingMode, false, 'channelsLast');
      const { batchSize: n, inHeight: h, inWidth: w, outHeight: ho, outWidth: wo, outChannels: co,
        strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
      const ci = info.inChannels;
      const simd = simdKernels(backend);
      if (simd && ci >= 4) {
        // Mostly zeros (after max-pooling): the non-zero entries of dy are listed, then each dx row
        // segment takes all of its contributions in registers (NOTES item 39). Denser dy: the product below.
        const pixels = n * ho * wo;
        const maxNnz = Math.floor(SPARSE_DENSITY * pixels * co);
        const scratch = s.make([pixels + 1 + 2 * (maxNnz + co + 8) + 2 * (fh * co + 8)]);
        const wt = s.transpose(filter, [3, 0, 1, 2]); // [co, fh, fw, ci]
        let dx = s.make(inputShape);
        const nnz = simd.conv_list_input_grad(ptr(backend, dy), ptr(backend, wt), ptr(backend, dx), ptr(backend, scratch),
          n, h, w, ci, ho, wo, co, sh, sw, fh, fw, info.padInfo.top, info.padInfo.left, maxNnz);
        if (nnz >= 0) {
          if (nchw) dx = s.transpose(dx, [0, 3, 1, 2]);
          return s.release(dx);
        }
      }
      if (simd) {
        const k = fh * fw * ci;
        const rows = n * ho * wo;
        const wT = s.transpose(s.reshape(filter, [k, co]), [1, 0]); // [co, k]
        const cols = s.run('BatchMatMul', { a: s.reshape(dy, [1, rows, co]), b: s.reshape(wT, [1, co, k]) },
          { transposeA: false, transposeB: false });
        let dx = s.make(inputShape);
        simd.col2im(ptr(backend, cols), ptr(backend, dx), n, h, w, ci, ho, wo, sh, sw, fh, fw, 1, 1,
          info.padInfo.top, info.padInfo.left);
        if (nchw) dx = s.transpose(dx, [0, 3, 1, 2]);
        return s.release(dx);
      }
      const padT = fh - 1 - info.padInfo.top;
      const padL = fw - 1 - info.padInfo.left;
      // dy dilated to [ho·sh, wo·sw] (sh − 1 zero rows after each row, the last ones included).
      const padB = h + fh - 1 - ho * sh - padT;
      const padR = w + fw - 1 - wo * sw - padL;
      if (padT < 0 || padL < 0 || padB < -(sh - 1) || padR < -(sw - 1)) {
        if (!fallback) throw new Error('Conv2DBackpropInput: unsupported padding');
        s.dispose();
        return fallback(args);
      }
      let dyD = dy;
      if (sh > 1 || sw > 1) {
        const six = s.reshape(dy, [n, ho, 1, wo, 1, co]);
        const padded = s.run('PadV2', { x: six }, {
          paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0,
        });
        dyD = s.reshape(padded, [n, ho * sh, wo * sw, co]);
        if (padB < 0 || padR < 0) {
          dyD = s.run('Slice', { x: dyD }, {
            begin: [0, 0, 0, 0], size: [n, ho * sh + Math.min(padB, 0), wo * sw + Math.min(padR, 0), co],
          });
        }
      }
      const flipped = s.run('Reverse', { x: filter }, { dims: [0, 1] });
      const wT = s.transpose(flipped, [0, 1, 3, 2]); // [fh, fw, Co, Ci]
      let dx = s.run('Conv2D', { x: dyD, filter: wT }, {
        strides: [1, 1], dilations: [1, 1],
        pad: explicitPad(padT, Math.max(padB, 0), padL, Math.max(padR, 0)),
        dataFormat: 'NHWC', dimRoundingMode: undefined,
      });
      if (dx.shape[1] !== h || dx.shape[2] !== w) {
        throw new Error(`Conv2DBackpropInput: internal shape ${dx.shape} for input ${inputShape}`);
      }
      if (nchw) dx = s.transpose(dx, [0, 3, 1, 2]);
      return s.release(dx);
    } finally {
      s.dispose();
    }
  };
}

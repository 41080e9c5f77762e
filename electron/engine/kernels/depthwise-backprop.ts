// DepthwiseConv2dNativeBackpropFilter / BackpropInput for wasm (the backend ships neither).
// Direct loops in place on the wasm heap: each (output position, channel, multiplier) visits
// the filter taps once, so the work is exactly the forward multiply-adds. Strides, dilations
// and any padding are handled; tfjs lays depthwise tensors out NHWC only.
import * as tf from '@tensorflow/tfjs-core';
import { heapF32, type Backend, type TensorInfo } from './wasm-util.js';

interface DepthwiseAttrs {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function geometry(xShape: number[], filterShape: number[], attrs: DepthwiseAttrs) {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, true);
  return {
    nb: info.batchSize, h: info.inHeight, w: info.inWidth, c: info.inChannels,
    ho: info.outHeight, wo: info.outWidth, m: info.outChannels / info.inChannels,
    sh: info.strideHeight, sw: info.strideWidth, dh: info.dilationHeight, dw: info.dilationWidth,
    fh: info.filterHeight, fw: info.filterWidth, pt: info.padInfo.top, pl: info.padInfo.left,
  };
}

export function depthwiseBackpropFilterWasm(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: Backend;
  attrs: DepthwiseAttrs & { filterShape: [number, number, number, number] };
}): TensorInfo {
  const { backend, attrs } = args;
  const { x: xInfo, dy: dyInfo } = args.inputs;
  const gm = geometry(xInfo.shape, attrs.filterShape, attrs);
  const out = backend.makeOutput(attrs.filterShape, 'float32') as TensorInfo;
  const dW = heapF32(backend, out);
  const x = heapF32(backend, xInfo);
  const dy = heapF32(backend, dyInfo);
  dW.fill(0);
  const { nb, h, w, c, ho, wo, m, sh, sw, dh, dw, fh, fw, pt, pl } = gm;
  const cm = c * m;
  for (let b = 0; b < nb; b++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        const g0 = ((b * ho + oh) * wo + ow) * cm;
        for (let kh = 0; kh < fh; kh++) {
          const r = oh * sh + kh * dh - pt;
          if (r < 0 || r >= h) continue;
          for (let kw = 0; kw < fw; kw++) {
            const col = ow * sw + kw * dw - pl;
            if (col < 0 || col >= w) continue;
            const x0 = ((b * h + r) * w + col) * c;
            const w0 = (kh * fw + kw) * cm;
            for (let d = 0; d < c; d++) {
              const xv = x[x0 + d];
              for (let q = 0; q < m; q++) dW[w0 + d * m + q] += xv * dy[g0 + d * m + q];
            }
          }
        }
      }
    }
  }
  return out;
}

export function depthwiseBackpropInputWasm(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: Backend;
  attrs: DepthwiseAttrs & { inputShape: [number, number, number, number] };
}): TensorInfo {
  const { backend, attrs } = args;
  const { dy: dyInfo, filter: fInfo } = args.inputs;
  const gm = geometry(attrs.inputShape, fInfo.shape, attrs);
  const out = backend.makeOutput(attrs.inputShape, 'float32') as TensorInfo;
  const dx = heapF32(backend, out);
  const dy = heapF32(backend, dyInfo);
  const f = heapF32(backend, fInfo);
  dx.fill(0);
  const { nb, h, w, c, ho, wo, m, sh, sw, dh, dw, fh, fw, pt, pl } = gm;
  const cm = c * m;
  for (let b = 0; b < nb; b++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        const g0 = ((b * ho + oh) * wo + ow) * cm;
        for (let kh = 0; kh < fh; kh++) {
          const r = oh * sh + kh * dh - pt;
          if (r < 0 || r >= h) continue;
          for (let kw = 0; kw < fw; kw++) {
            const col = ow * sw + kw * dw - pl;
            if (col < 0 || col >= w) continue;
            const x0 = ((b * h + r) * w + col) * c;
            const w0 = (kh * fw + kw) * cm;
            for (let d = 0; d < c; d++) {
              let acc = 0;
              for (let q = 0; q < m; q++) acc += dy[g0 + d * m + q] * f[w0 + d * m + q];
              dx[x0 + d] += acc;
            }
          }
        }
      }
    }
  }
  return out;
}

// Sum for wasm when it reduces every axis but the last (every bias gradient: dy summed over
// batch, height and width). The backend's Sum transposes the input first so that the reduced
// axes are innermost, a full copy of the largest tensors of a conv step; the SIMD kernel
// reads the input once in place. Any other reduction goes to the backend's own kernel.
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernel, type Backend, type TensorInfo } from './wasm-util.js';
import { ptr, simdKernels } from './simd.js';

export function sumWasm(args: {
  inputs: { x: TensorInfo };
  backend: Backend;
  attrs: { axis: number | number[]; keepDims: boolean };
}): TensorInfo {
  const { backend, attrs } = args;
  const { x } = args.inputs;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  const leading = rank >= 2 && axes.length === rank - 1 && axes.every((a, i) => a === i);
  const simd = leading && x.dtype === 'float32' && tf.util.sizeFromShape(x.shape) > 0 ? simdKernels(backend) : null;
  if (!simd) return wasmKernel('Sum')(args as any);
  const cols = x.shape[rank - 1];
  const rows = tf.util.sizeFromShape(x.shape) / cols;
  const shape = attrs.keepDims ? [...x.shape.slice(0, -1).map(() => 1), cols] : [cols];
  const out = backend.makeOutput(shape, 'float32') as TensorInfo;
  simd.sum_rows(ptr(backend, x), ptr(backend, out), rows, cols);
  return out;
}

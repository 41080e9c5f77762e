// Gradient kernels for the wasm backend: the ones it lacks (a conv layer's gradient throws
// without Conv2DBackpropFilter) and faster replacements for the ones it runs as naive loops.
// Call after the wasm backend is registered (importing @tensorflow/tfjs-backend-wasm does that);
// it may be called any number of times.
import * as tf from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { makeConv2DBackpropInputWasm } from './conv2d-backprop-input.js';
import { maxPoolGradWasm } from './max-pool-grad.js';
import { depthwiseBackpropFilterWasm, depthwiseBackpropInputWasm } from './depthwise-backprop.js';
import { batchMatMulWasm } from './batch-mat-mul.js';
import { sumWasm } from './sum.js';
import { addWasm, conv2DWasm } from './conv2d-c1.js';
import { concatWasm, gatherV2Wasm, packWasm, sliceWasm, splitVWasm, unpackWasm } from './slice-gather.js';
import { installUnfusedTrainingOps } from './unfused-training.js';
import { installReluGradient } from './relu-grad.js';
import { unsortedSegmentSumWasm } from './unsorted-segment-sum.js';
import { registerSoftmaxKernels } from './softmax.js';

import { rememberOriginal, wasmKernel } from './wasm-util.js';

/** Kernel names this module registers for 'wasm', and where each one comes from. */
export const WASM_GRADIENT_KERNELS = {
  Conv2DBackpropFilter: 'added (wasm has none): from lists of dy\'s non-zeros summed in registers where dy is sparse (after a max-pool), else SIMD im2col + one XNNPACK matrix product',
  Conv2DBackpropInput: 'replaced: from lists of dy\'s non-zeros where dy is sparse, else one XNNPACK matrix product + SIMD col2im',
  MaxPoolGrad: 'replaced: one SIMD pass over the windows (window by window where they tile the input)',
  DepthwiseConv2dNativeBackpropFilter: 'added (wasm has none): direct loops on the wasm heap',
  DepthwiseConv2dNativeBackpropInput: 'added (wasm has none): direct loops on the wasm heap',
  BatchMatMul: 'replaced: batched and weight-gradient products on the SIMD 4×8 kernel; others transpose explicitly, then the plain XNNPACK product',
  Identity: 'replaced: shares the data (as the cpu backend does) instead of copying it; the tape clones every tensor it saves',
  Slice: 'replaced: copies only the slice (the backend copies the whole input out of the heap first)',
  Unpack: 'replaced: the same, once per output',
  SplitV: 'replaced: the same, once per piece (the gradient of Concat: MMoE experts joined into one product)',
  GatherV2: 'replaced for float32/int32 without batch dims: rows copied by one SIMD call (the backend loops per element)',
  Conv2D: 'replaced for one input channel (first layers on grey images) and without padding: direct SIMD kernels',
  Add: 'replaced for a vector along the last axis (bias adds): one SIMD pass',
  Concat: 'replaced: short runs copied by hand',
  Pack: 'replaced: the same, without the expandDims copies',
  UnsortedSegmentSum: 'added (wasm has none): the gradient of Gather, needed by Embedding',
  Sum: 'replaced for reductions over all but the last axis (bias gradients): one SIMD pass',
  Softmax: 'replaced for float32 along the last axis: one SIMD pass per row (its gradient: MtlSoftmaxGrad, one kernel)',
} as const;

let registered = false;

/** Identity without a copy: wasm tensors are immutable, so a clone may share the data. */
function identityWasm(args: { inputs: { x: tf.TensorInfo }; backend: any }): tf.TensorInfo {
  const { x } = args.inputs;
  if (x.dtype === 'string') return wasmKernel('Identity')(args as any);
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function put(kernelName: string, kernelFunc: (args: any) => tf.TensorInfo | tf.TensorInfo[]): void {
  if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
}

/** Registers the wasm gradient kernels (idempotent). */
export function registerWasmGradientKernels(): void {
  if (registered) return;
  // Keep the backend's own kernels reachable (as fallbacks and for the forward ops we build on).
  for (const name of ['Conv2D', 'Add', 'Conv2DBackpropInput', 'BatchMatMul', 'Sum', 'Identity', 'Unpack', 'GatherV2', 'Concat', 'Pack', 'Transpose', 'Reshape', 'Reverse', 'PadV2', 'Slice', 'SplitV']) {
    rememberOriginal(name);
  }
  const originalBackpropInput = rememberOriginal('Conv2DBackpropInput');
  put('Conv2DBackpropFilter', conv2DBackpropFilterWasm);
  put('Conv2DBackpropInput', makeConv2DBackpropInputWasm(originalBackpropInput));
  put('MaxPoolGrad', maxPoolGradWasm);
  put('DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilterWasm);
  put('DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInputWasm);
  put('BatchMatMul', batchMatMulWasm);
  put('Sum', sumWasm);
  put('Identity', identityWasm);
  put('Conv2D', conv2DWasm);
  put('Add', addWasm);
  put('Slice', sliceWasm);
  put('Unpack', unpackWasm);
  put('SplitV', splitVWasm);
  put('GatherV2', gatherV2Wasm);
  put('Concat', concatWasm);
  put('Pack', packWasm);
  put('UnsortedSegmentSum', unsortedSegmentSumWasm);
  rememberOriginal('Softmax');
  registerSoftmaxKernels(put);
  installUnfusedTrainingOps();
  installReluGradient();
  registered = true;
}

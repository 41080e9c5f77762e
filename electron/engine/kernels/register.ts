// Gradient kernels for the wasm backend: the ones it lacks (a conv layer's gradient throws
// without Conv2DBackpropFilter) and faster replacements for the ones it runs as naive loops.
// Call after the wasm backend is registered (importing @tensorflow/tfjs-backend-wasm does that);
// it may be called any number of times.
import * as tf from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { makeConv2DBackpropInputWasm } from './conv2d-backprop-input.js';
import { maxPoolGradWasm } from './max-pool-grad.js';
import { depthwiseBackpropFilterWasm, depthwiseBackpropInputWasm } from './depthwise-backprop.js';
import { rememberOriginal } from './wasm-util.js';

/** Kernel names this module registers for 'wasm', and where each one comes from. */
export const WASM_GRADIENT_KERNELS = {
  Conv2DBackpropFilter: 'added (wasm has none): transposed XNNPACK convolution',
  Conv2DBackpropInput: 'replaced: XNNPACK convolution of the stride-dilated gradient with the flipped filter',
  MaxPoolGrad: 'replaced: one pass over the windows on the wasm heap',
  DepthwiseConv2dNativeBackpropFilter: 'added (wasm has none): direct loops on the wasm heap',
  DepthwiseConv2dNativeBackpropInput: 'added (wasm has none): direct loops on the wasm heap',
} as const;

let registered = false;

function put(kernelName: string, kernelFunc: (args: any) => tf.TensorInfo): void {
  if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
}

/** Registers the wasm gradient kernels (idempotent). */
export function registerWasmGradientKernels(): void {
  if (registered) return;
  // Keep the backend's own kernels reachable (as fallbacks and for the forward ops we build on).
  for (const name of ['Conv2D', 'Conv2DBackpropInput', 'Transpose', 'Reshape', 'Reverse', 'PadV2', 'Slice']) {
    rememberOriginal(name);
  }
  const originalBackpropInput = rememberOriginal('Conv2DBackpropInput');
  put('Conv2DBackpropFilter', conv2DBackpropFilterWasm);
  put('Conv2DBackpropInput', makeConv2DBackpropInputWasm(originalBackpropInput));
  put('MaxPoolGrad', maxPoolGradWasm);
  put('DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilterWasm);
  put('DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInputWasm);
  registered = true;
}

// Multi-threaded wasm in Node: the threaded SIMD build loads, runs 2 threads, our kernels (the
// SIMD ones included, on shared memory) work on it and give the cpu backend's gradients.
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerThreadedWasmBackend, wasmThreads } from '../../../electron/engine/kernels/wasm-threads.js';
import { registerWasmGradientKernels } from '../../../electron/engine/kernels/register.js';
import { simdKernels } from '../../../electron/engine/kernels/simd.js';
import { relError, size, values } from './helpers.js';

describe('threaded wasm backend in Node', () => {
  afterAll(() => {
    // Ends the backend's worker threads.
    if (tf.findBackend('wasm')) tf.removeBackend('wasm');
  });

  it('runs 2 threads and trains a conv layer to the cpu backend\'s gradients', async () => {
    expect(registerThreadedWasmBackend(2)).toBe(true);
    expect(await tf.setBackend('wasm')).toBe(true);
    registerWasmGradientKernels();
    expect(wasmThreads()).toBe(2);
    expect(simdKernels(tf.backend() as any)).not.toBeNull();

    const xShape: [number, number, number, number] = [4, 14, 14, 1];
    const fShape: [number, number, number, number] = [5, 5, 1, 6];
    const xs = values(size(xShape), 1);
    const fs = values(size(fShape), 2);
    const grads = () => tf.tidy(() => {
      const f = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.sum(tf.square(tf.maxPool(tf.conv2d(x, w, 1, 'valid'), 2, 2, 'valid')));
      return tf.grads(f as any)([tf.tensor4d(xs, xShape), tf.tensor4d(fs, fShape)]).map((g) => g.dataSync().slice() as Float32Array);
    });
    const wasm = grads();
    await tf.setBackend('cpu');
    const cpu = grads();
    cpu.forEach((c, i) => expect(relError(c, wasm[i])).toBeLessThan(1e-4));
  });
});

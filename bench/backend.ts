// Backend set-up for the bench's own processes: wasm with our gradient kernels, or cpu.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../electron/engine/kernels/register.js';
import { registerThreadedWasmBackend, wasmThreads } from '../electron/engine/kernels/wasm-threads.js';

export interface BackendInfo { threads: number; simd?: boolean }

export async function setupBackend(name: string, threads = 1): Promise<BackendInfo> {
  if (name === 'wasm') {
    if (threads > 1) registerThreadedWasmBackend(threads);
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
    registerWasmGradientKernels();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return { threads: wasmThreads(), simd: Boolean(simd) };
  }
  if (name === 'cpu') {
    await tf.setBackend('cpu');
    return { threads: 1 };
  }
  throw new Error(`unknown backend ${name}`);
}

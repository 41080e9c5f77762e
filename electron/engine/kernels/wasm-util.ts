// Helpers for kernels that run on the wasm backend: calling the backend's own kernels
// (XNNPACK-backed Conv2D, BatchMatMul, Transpose, Pad…) from a kernelFunc, and reading or
// writing tensors in place on the wasm heap for the few loops we write in JS.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type TensorInfo = tf.TensorInfo;
export type Backend = BackendWasm;
type KernelCall = (args: { inputs: Record<string, TensorInfo>; attrs?: Record<string, unknown>; backend: Backend }) => TensorInfo;

const cache = new Map<string, KernelCall>();

/** The kernelFunc registered for `name` on 'wasm' (the one that was there before we replaced any). */
export function wasmKernel(name: string): KernelCall {
  let fn = cache.get(name);
  if (!fn) {
    const config = tf.getKernel(name, 'wasm');
    if (!config) throw new Error(`wasm backend has no kernel ${name}`);
    fn = config.kernelFunc as unknown as KernelCall;
    cache.set(name, fn);
  }
  return fn;
}

/** Remembers the backend's original kernelFunc under `name` before it is replaced. */
export function rememberOriginal(name: string): KernelCall | undefined {
  const config = tf.getKernel(name, 'wasm');
  if (config && !cache.has(name)) cache.set(name, config.kernelFunc as unknown as KernelCall);
  return cache.get(name);
}

/** Runs a sequence of backend kernels, disposing every intermediate the callback registers with `keep`. */
export class Scratch {
  private readonly owned: TensorInfo[] = [];
  constructor(readonly backend: Backend) {}
  /** Calls a wasm kernel; its output is disposed by `dispose()` unless returned through `release`. */
  run(name: string, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown> = {}): TensorInfo {
    const out = wasmKernel(name)({ inputs, attrs, backend: this.backend });
    this.owned.push(out);
    return out;
  }
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }
  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }
  /** A new float32 output owned by this scratch. */
  make(shape: number[]): TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32') as TensorInfo;
    this.owned.push(out);
    return out;
  }
  /** Hands `t` to the caller: it is no longer disposed here. */
  release(t: TensorInfo): TensorInfo {
    const i = this.owned.lastIndexOf(t);
    if (i >= 0) this.owned.splice(i, 1);
    return t;
  }
  dispose(): void {
    for (const t of this.owned) this.backend.disposeData(t.dataId);
    this.owned.length = 0;
  }
}

/** A Float32Array view of a float32 tensor on the wasm heap (valid until the heap grows). */
export function heapF32(backend: Backend, t: TensorInfo): Float32Array {
  const data = (backend as any).dataIdMap.get(t.dataId) as { memoryOffset: number };
  const size = t.shape.reduce((a, b) => a * b, 1);
  return new Float32Array((backend as any).wasm.HEAPU8.buffer, data.memoryOffset, size);
}

/** A new float32 tensor with the given values, on the wasm heap. */
export function makeF32(backend: Backend, shape: number[], values: Float32Array): TensorInfo {
  const out = backend.makeOutput(shape, 'float32') as TensorInfo;
  heapF32(backend, out).set(values);
  return out;
}

/** Explicit [top, bottom, left, right] padding as tfjs's Conv2D attrs take it. */
export function explicitPad(top: number, bottom: number, left: number, right: number): number[][] {
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

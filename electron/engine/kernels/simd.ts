// Loads the hand-written SIMD kernels (simd/kernels.c, built into kernels-wasm.ts) into the
// wasm backend's own memory, so they read and write tensors in place.
import { KERNELS_SHARED_WASM, KERNELS_WASM } from './kernels-wasm.js';
import type { Backend } from './wasm-util.js';

// The WebAssembly API, typed as far as used here (electron/'s lib settings do not declare it).
interface WasmMemory { buffer: ArrayBuffer | SharedArrayBuffer }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface SimdKernels {
  maxpool_grad(x: number, dy: number, dx: number, nb: number, h: number, w: number, c: number, ho: number, wo: number,
    sh: number, sw: number, fh: number, fw: number, pt: number, pl: number): void;
  copy_runs(src: number, dst: number, count: number, run: number, srcStride: number, dstStride: number): void;
  sum_rows(x: number, out: number, rows: number, cols: number): void;
  im2col_t(x: number, out: number, nb: number, h: number, w: number, ci: number, ho: number, wo: number,
    sh: number, sw: number, fh: number, fw: number, dh: number, dw: number, pt: number, pl: number): void;
  conv2d_c1(x: number, wp: number, bias: number, out: number, nb: number, h: number, w: number, co: number,
    ho: number, wo: number, sh: number, sw: number, fh: number, fw: number, pt: number, pl: number): void;
  conv2d_c1_filter_grad(x: number, dy: number, dwp: number, nb: number, h: number, w: number, co: number,
    ho: number, wo: number, sh: number, sw: number, fh: number, fw: number, pt: number, pl: number): void;
  count_nonzero(p: number, n: number): number;
  conv_sparse_input_grad(dy: number, wt: number, dx: number, nb: number, h: number, w: number, ci: number, ho: number, wo: number,
    co: number, sh: number, sw: number, fh: number, fw: number, pt: number, pl: number): void;
  conv_sparse_filter_grad(x: number, dy: number, dwt: number, nb: number, h: number, w: number, ci: number, ho: number, wo: number,
    co: number, sh: number, sw: number, fh: number, fw: number, pt: number, pl: number): void;
  add_bias(x: number, b: number, out: number, rows: number, cols: number): void;
  bmm(a: number, b: number, out: number, batch: number, m: number, k: number, n: number,
    aStride: number, bStride: number, transA: number, transB: number): void;
  col2im(cols: number, dx: number, nb: number, h: number, w: number, ci: number, ho: number, wo: number,
    sh: number, sw: number, fh: number, fw: number, dh: number, dw: number, pt: number, pl: number): void;
}

const instances = new WeakMap<WasmMemory, SimdKernels>();
const modules: Partial<Record<'plain' | 'shared', object>> = {};

function decode(b64: string): Uint8Array {
  return Uint8Array.from(Buffer.from(b64, 'base64'));
}

/** The backend's WebAssembly.Memory (exported by the single-threaded build, kept by our threaded loader). */
export function backendMemory(backend: Backend): WasmMemory | null {
  const w = (backend as any).wasm;
  return (w?.asm?.memory ?? w?.wasmMemory ?? null) as WasmMemory | null;
}

let enabled = true;

/** Turns the SIMD paths off (every kernel then takes its fallback), for tests and the bench. */
export function setSimdKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** The SIMD kernels bound to this backend's memory, or null where they cannot be loaded. */
export function simdKernels(backend: Backend): SimdKernels | null {
  if (!enabled) return null;
  const memory = backendMemory(backend);
  if (!memory) return null;
  let k = instances.get(memory);
  if (k) return k;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const kind = shared ? 'shared' : 'plain';
  try {
    modules[kind] ??= new WA.Module(decode(shared ? KERNELS_SHARED_WASM : KERNELS_WASM));
    const instance = new WA.Instance(modules[kind]!, { env: { memory } });
    k = instance.exports as unknown as SimdKernels;
  } catch {
    return null;
  }
  instances.set(memory, k);
  return k;
}

/**
 * Whether a convolution gradient should take the sparse path: dy (float32, on the heap) has at
 * most this share of non-zeros. After a 2×2 max-pool at most a quarter of it is non-zero; the
 * sparse kernels then do a quarter of the multiply-adds, and beat XNNPACK's dense product below
 * about 30% (measured on MultiLeNet's conv2: 15 → ~4 ms for the input gradient).
 */
export const SPARSE_DENSITY = 0.3;

export function sparseEnough(simd: SimdKernels, backend: Backend, dy: { dataId: object; shape: number[] }): boolean {
  const n = dy.shape.reduce((a, b) => a * b, 1);
  return n > 0 && simd.count_nonzero(ptr(backend, dy), n) <= SPARSE_DENSITY * n;
}

/** Byte offset of a tensor's data on the wasm heap. */
export function ptr(backend: Backend, t: { dataId: object }): number {
  return ((backend as any).dataIdMap.get(t.dataId) as { memoryOffset: number }).memoryOffset;
}

// Loads the hand-written SIMD kernels (simd/kernels.c, built into kernels-wasm.ts) into the
// wasm backend's own memory, so they read and write tensors in place.
import v8 from 'node:v8';
import { KERNELS_RELAXED_SHARED_WASM, KERNELS_RELAXED_WASM, KERNELS_SHARED_WASM, KERNELS_WASM } from './kernels-wasm.js';
import type { Backend } from './wasm-util.js';

// The WebAssembly API, typed as far as used here (electron/'s lib settings do not declare it).
interface WasmMemory { buffer: ArrayBuffer | SharedArrayBuffer }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  validate(bytes: Uint8Array): boolean;
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
  conv2d_valid(x: number, wt: number, out: number, nb: number, h: number, w: number, ci: number, co: number,
    ho: number, wo: number, sh: number, sw: number, fh: number, fw: number): void;
  conv2d_c1_filter_grad(x: number, dy: number, dwp: number, nb: number, h: number, w: number, co: number,
    ho: number, wo: number, sh: number, sw: number, fh: number, fw: number, pt: number, pl: number): void;
  count_nonzero(p: number, n: number): number;
  conv_sparse_filter_grad(x: number, dy: number, dwt: number, nb: number, h: number, w: number, ci: number, ho: number, wo: number,
    co: number, sh: number, sw: number, fh: number, fw: number, pt: number, pl: number): void;
  add_bias(x: number, b: number, out: number, rows: number, cols: number): void;
  conv_list_input_grad(dy: number, wt: number, dx: number, scratch: number, nb: number, h: number, w: number, ci: number,
    ho: number, wo: number, co: number, sh: number, sw: number, fh: number, fw: number, pt: number, pl: number, maxNnz: number): number;
  conv_list_filter_grad(x: number, dy: number, dwt: number, scratch: number, nb: number, h: number, w: number, ci: number,
    ho: number, wo: number, co: number, sh: number, sw: number, fh: number, fw: number, maxNnz: number): number;
  conv_list_filter_bias_grad(x: number, dy: number, dwt: number, db: number, scratch: number, nb: number, h: number, w: number,
    ci: number, ho: number, wo: number, co: number, sh: number, sw: number, fh: number, fw: number, maxNnz: number): number;
  conv2d_valid_bias(x: number, wt: number, bias: number, out: number, nb: number, h: number, w: number, ci: number, co: number,
    ho: number, wo: number, sh: number, sw: number, fh: number, fw: number): void;
  maxpool_grad_tiled(x: number, dy: number, dx: number, nb: number, h: number, w: number, c: number, ho: number, wo: number,
    fh: number, fw: number): void;
  conv2d_c1_px(x: number, wp: number, bias: number, ws: number, out: number, nb: number, h: number, w: number, co: number,
    ho: number, wo: number, fh: number, fw: number): void;
  bmm(a: number, b: number, out: number, batch: number, m: number, k: number, n: number,
    aStride: number, bStride: number, transA: number, transB: number): void;
  bias_act(x: number, b: number, rows: number, cols: number, act: number): void;
  act_grad(dy: number, y: number, out: number, n: number, act: number): void;
  adam_update(x: number, g: number, m: number, s: number, xo: number, mo: number, so: number, n: number,
    b1: number, b2: number, c1: number, c2: number, lrc: number, bc2: number, eps: number, l2: number, keep: number): void;
  gather_rows(src: number, idx: number, dst: number, n: number, run: number): void;
  softmax_rows(x: number, out: number, rows: number, cols: number): void;
  softmax_grad(dy: number, y: number, dx: number, rows: number, cols: number): void;
  ce_stats(x: number, stats: number, rows: number, cols: number): void;
  ce_grad(x: number, y: number, mask: number, dx: number, rows: number, cols: number, scale: number): void;
  col2im(cols: number, dx: number, nb: number, h: number, w: number, ci: number, ho: number, wo: number,
    sh: number, sw: number, fh: number, fw: number, dh: number, dw: number, pt: number, pl: number): void;
  // Mixture-of-experts block (kernels/moe.ts)
  moe_expert_fwd(x: number, w: number, b: number, out: number, B: number, D: number, U: number, ldo: number, relu: number): void;
  moe_pack_t(w: number, wt: number, D: number, U: number, col0: number): void;
  moe_experts_grad_wb(x: number, h: number, dh: number, dz: number, dw: number, db: number, B: number, D: number, N: number, relu: number): void;
  moe_experts_grad_x(h: number, dh: number, dz: number, wt: number, dx: number, B: number, D: number, N: number, relu: number): void;
  moe_gate_fwd(x: number, wg: number, bg: number, ex: number, g: number, mix: number, B: number, D: number, E: number, U: number): void;
  moe_gate_grad_logits(ex: number, g: number, dmix: number, dl: number, B: number, E: number, U: number): void;
  moe_gate_grad_experts(g: number, dmix: number, dex: number, B: number, E: number, U: number): void;
  // Conv layer + 2 × 2 max-pool (kernels/conv-pool.ts)
  convpool_pool(z: number, y: number, idx: number, nb: number, ho: number, wo: number, c: number, ph: number, pw: number, relu: number): void;
  convpool_grad(dy: number, y: number, idx: number, dz: number, nb: number, ho: number, wo: number, c: number, ph: number, pw: number, relu: number): void;
  convpool_filter_bias_grad(x: number, dy: number, y: number, idx: number, dwt: number, db: number, scratch: number, nb: number,
    h: number, w: number, ci: number, co: number, ph: number, pw: number, fh: number, fw: number, relu: number): void;
  convpool_fwd(kind: number, x: number, wt: number, bias: number, ws: number, tmp: number, y: number, idx: number, nb: number,
    h: number, w: number, ci: number, co: number, ho: number, wo: number, fh: number, fw: number, relu: number, chunk: number): void;
}

type Build = 'plain' | 'shared' | 'relaxed' | 'relaxed-shared';
const SOURCES: Record<Build, string> = {
  plain: KERNELS_WASM,
  shared: KERNELS_SHARED_WASM,
  relaxed: KERNELS_RELAXED_WASM,
  'relaxed-shared': KERNELS_RELAXED_SHARED_WASM,
};
const instances = new Map<Build, WeakMap<WasmMemory, SimdKernels>>();
const modules: Partial<Record<Build, object>> = {};

// (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd)
const RELAXED_PROBE = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0,
  10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2, 253, 133, 2, 11]);
let relaxedSupport: boolean | undefined;

/**
 * Whether this runtime runs relaxed SIMD (feature detection: it validates a one-instruction module).
 * Chromium (Electron) has it on; Node 20 behind --experimental-wasm-relaxed-simd, which is set here
 * for modules compiled from now on.
 */
export function relaxedSimdSupported(): boolean {
  if (relaxedSupport === undefined) {
    try {
      if (typeof process !== 'undefined' && process.versions?.node && !process.versions.electron) {
        v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
      }
      relaxedSupport = WA.validate(RELAXED_PROBE);
    } catch {
      relaxedSupport = false;
    }
  }
  return relaxedSupport;
}

let relaxedWanted = true;

/** Chooses the plain-SIMD kernels even where relaxed SIMD runs (tests of both builds, the bench's A/B). */
export function setRelaxedSimdEnabled(on: boolean): void {
  relaxedWanted = on;
}

/** Which build of the kernels a backend gets now. */
export function simdBuild(shared: boolean): Build {
  const relaxed = relaxedWanted && relaxedSimdSupported();
  return relaxed ? (shared ? 'relaxed-shared' : 'relaxed') : shared ? 'shared' : 'plain';
}

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
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const kind = simdBuild(shared);
  let byMemory = instances.get(kind);
  if (!byMemory) instances.set(kind, (byMemory = new WeakMap()));
  let k = byMemory.get(memory);
  if (k) return k;
  try {
    modules[kind] ??= new WA.Module(decode(SOURCES[kind]));
    const instance = new WA.Instance(modules[kind]!, { env: { memory } });
    k = instance.exports as unknown as SimdKernels;
  } catch {
    return null;
  }
  byMemory.set(memory, k);
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

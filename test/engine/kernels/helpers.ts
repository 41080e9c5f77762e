// Shared helpers for the wasm kernel tests: run the same computation on the cpu backend (the
// reference) and on wasm with our kernels registered, and compare.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../../../electron/engine/kernels/register.js';
import { setRelaxedSimdEnabled, setSimdKernelsEnabled } from '../../../electron/engine/kernels/simd.js';

export { tf };

let ready = false;

export async function setup(): Promise<void> {
  if (ready) return;
  await tf.setBackend('wasm');
  registerWasmGradientKernels();
  await tf.setBackend('cpu');
  ready = true;
}

/** Deterministic values in [-1, 1) (optionally rounded to a grid, to make ties). */
export function values(n: number, seed: number, grid = 0): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const v = s / 2 ** 32 * 2 - 1;
    out[i] = grid > 0 ? Math.round(v * grid) / grid : v;
  }
  return out;
}

export function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export interface BackendResults {
  cpu: Float32Array[];
  /** SIMD kernels, the relaxed-SIMD (fused multiply-add) build where the runtime has it. */
  wasm: Float32Array[];
  /** SIMD kernels, the plain-SIMD build. */
  wasmPlain: Float32Array[];
  /** Our SIMD kernels off: every kernel's fallback. */
  wasmFallback: Float32Array[];
}

/** Runs f on cpu and on wasm (relaxed SIMD kernels, plain SIMD kernels, none); returns the flattened results of each. */
export async function onBackends(f: () => tf.Tensor | tf.Tensor[]): Promise<BackendResults> {
  await setup();
  const run = async (backend: string, simd: boolean, relaxed = true) => {
    await tf.setBackend(backend);
    setSimdKernelsEnabled(simd);
    setRelaxedSimdEnabled(relaxed);
    try {
      const out = tf.tidy(f);
      const list = Array.isArray(out) ? out : [out];
      const data = list.map((t) => t.dataSync().slice() as Float32Array);
      tf.dispose(list);
      return data;
    } finally {
      setSimdKernelsEnabled(true);
      setRelaxedSimdEnabled(true);
    }
  };
  const cpu = await run('cpu', true);
  const wasm = await run('wasm', true);
  const wasmPlain = await run('wasm', true, false);
  const wasmFallback = await run('wasm', false);
  await tf.setBackend('cpu');
  return { cpu, wasm, wasmPlain, wasmFallback };
}

/** max |a − b| / max |a|: the relative error of b against the reference a. */
export function relError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return Infinity;
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(a[i]));
  }
  return den === 0 ? num : num / den;
}

/** The worst relative error of wasm (every path) against cpu, over every output. */
export function worst(r: BackendResults): number {
  let e = 0;
  r.cpu.forEach((c, i) => {
    e = Math.max(e, relError(c, r.wasm[i]), relError(c, r.wasmPlain[i]), relError(c, r.wasmFallback[i]));
  });
  return e;
}

// @tensorflow/tfjs-backend-wasm (SIMD, XNNPACK) with the engine's own kernels: the gradients wasm lacks
// (Conv2DBackpropFilter, ...) and faster replacements (electron/engine/kernels/).
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendDefinition, LoadContext } from './types.js';
import { cpuName, packageDir } from './packages.js';

const PKG = '@tensorflow/tfjs-backend-wasm';

function wasmDistDir(): string | null {
  const dir = packageDir(PKG);
  return dir ? path.join(dir, 'dist') : null;
}

let wasmPathsSet = false;
let wasmKernelsRegistered = false;
/** Threads of the wasm backend once it has been set up in this process (it cannot change afterwards). */
let wasmThreadsSetUp: number | null = null;

async function setUpWasmThreads(threads: number, log: (line: string) => void): Promise<void> {
  if (wasmThreadsSetUp !== null) {
    if (threads !== wasmThreadsSetUp) log(`[engine] wasm already runs ${wasmThreadsSetUp} thread(s) in this process; ${threads} requested, unchanged`);
    return;
  }
  wasmThreadsSetUp = 1;
  if (threads <= 1) return;
  try {
    const m = await import('../kernels/wasm-threads.js');
    if (m.registerThreadedWasmBackend(threads)) wasmThreadsSetUp = threads;
    else log('[engine] threaded wasm needs Node with SharedArrayBuffer; running one thread');
  } catch (err) {
    log(`[engine] threaded wasm unavailable (${(err as Error).message.split('\n')[0]}); running one thread`);
  }
}

async function activeWasmThreads(): Promise<number> {
  try {
    const m = await import('../kernels/wasm-threads.js');
    return m.wasmThreads();
  } catch {
    return 1;
  }
}

async function registerWasmKernels(): Promise<void> {
  if (wasmKernelsRegistered) return;
  wasmKernelsRegistered = true;
  // kernels/register.ts holds the gradient kernels wasm lacks (Conv2DBackpropFilter, ...) and faster
  // replacements. The engine still runs without it (wasm then cannot train conv layers).
  let mod: { registerWasmGradientKernels?: () => unknown };
  try {
    mod = await import('../kernels/register.js');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/i.test(String((err as Error).message))) {
      console.warn('[engine] electron/engine/kernels/register.ts is absent: wasm lacks gradient kernels such as Conv2DBackpropFilter, so conv layers cannot train on wasm');
      return;
    }
    throw err;
  }
  if (typeof mod.registerWasmGradientKernels !== 'function') {
    console.warn('[engine] kernels/register has no registerWasmGradientKernels(); wasm gradient kernels not registered');
    return;
  }
  await mod.registerWasmGradientKernels();
}

const device = (threads?: number) => `CPU ${cpuName()}, WebAssembly SIMD${threads ? `, ${threads} thread${threads === 1 ? '' : 's'}` : ''}`;

export const wasm: BackendDefinition = {
  name: 'wasm',
  package: PKG,
  tfName: 'wasm',
  unavailableReason() {
    const dist = wasmDistDir();
    if (!dist) return `${PKG} is not installed`;
    if (!existsSync(path.join(dist, 'tfjs-backend-wasm-simd.wasm')) && !existsSync(path.join(dist, 'tfjs-backend-wasm.wasm'))) {
      return `${PKG} is installed but its .wasm files are missing from ${dist}`;
    }
    return null;
  },
  device: () => device(),
  async load({ opts, log }: LoadContext) {
    const mod = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      // In Node the wasm binaries are read from the package's dist folder. SIMD is used where the runtime has
      // it (Node does). Threads are not: the Node build as shipped has no worker support, so it runs on one
      // thread (unless InitOptions.wasmThreads swaps in the threaded build, see setUpWasmThreads).
      mod.setWasmPaths(wasmDistDir() + path.sep);
      wasmPathsSet = true;
    }
    const envThreads = Number(process.env.MTL_WASM_THREADS);
    await setUpWasmThreads(opts.wasmThreads ?? (Number.isInteger(envThreads) && envThreads > 0 ? envThreads : 1), log);
    return { versions: { [PKG]: mod.version_wasm } };
  },
  async afterInit() {
    // After the backend is initialised: its init runs each registered kernel's setup (which binds the wasm
    // functions the original kernels call), so replacements must come after it, not before.
    await registerWasmKernels();
    const threads = await activeWasmThreads();
    return { versions: { wasmSimd: String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')), wasmThreads: String(threads) }, device: device(threads) };
  },
};

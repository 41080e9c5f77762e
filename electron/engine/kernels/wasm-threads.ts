// Multi-threaded wasm in Node.
//
// @tensorflow/tfjs-backend-wasm ships a threaded SIMD build (XNNPACK on a pthreadpool), but
// turns it off in Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false under Node) because its
// loader hands Emscripten a Blob URL for the pthread worker script, which Node's worker_threads
// cannot load. The Emscripten glue itself supports Node (worker_threads). So load the threaded
// build here with file paths instead of Blob URLs — the worker script written once to a temp
// file — and register it as the 'wasm' backend. Kernels registered for 'wasm' (ours included)
// work unchanged: it is the same BackendWasm class over the threaded module.
import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

let workerPath: string | null = null;

function workerScript(): string {
  if (workerPath) return workerPath;
  const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as { wasmWorkerContents: string };
  // As tfjs does for its Blob: the string holds real newlines where the script has '\n' escapes.
  const text = wasmWorkerContents.replace(/\n/g, '\\n');
  // One file per content (and user), reused by every process: written once, atomically.
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `tfjs-wasm-threaded-simd-${hash}-${process.getuid?.() ?? 0}.worker.cjs`);
  if (!existsSync(path)) {
    const part = `${path}.${process.pid}.tmp`;
    writeFileSync(part, text);
    renameSync(part, path);
  }
  workerPath = path;
  return path;
}

/** Loads the threaded SIMD wasm module with `threads` threads (Node only). */
async function loadThreaded(threads: number): Promise<BackendWasm> {
  const mainScript = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm'));
  const factory = require(mainScript) as (config: Record<string, unknown>) => Promise<any>;
  // The module caps its thread pool at half of emscripten_num_logical_cores() (it assumes two
  // hyper-threads per core), which in Node is os.cpus().length, read once while the module
  // starts: on a 2-core machine that is 1 thread. Report 2 × threads while it starts.
  const os = require('node:os') as { cpus: () => unknown[] };
  const cpus = os.cpus;
  os.cpus = () => {
    const real = cpus();
    return real.length >= 2 * threads ? real : Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  };
  let module: any;
  // Our memory (as the module would make it), kept so that our own SIMD kernels can import it.
  const WA = (globalThis as unknown as { WebAssembly: { Memory: new (d: object) => object } }).WebAssembly;
  const wasmMemory = new WA.Memory({ initial: 256, maximum: 65536, shared: true });
  try {
    module = await factory({
      wasmMemory,
      locateFile: (path: string) => (path.endsWith('.worker.js') ? workerScript() : join(wasmDir, path)),
      mainScriptUrlOrBlob: mainScript,
    });
  } finally {
    os.cpus = cpus;
  }
  module.wasmMemory = wasmMemory;
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  setThreadsCount(threads);
  return new BackendWasm(module);
}

/**
 * Registers the threaded wasm build as backend `name` (default 'wasm', replacing the
 * single-threaded one) with `threads` threads. Call before tf.setBackend(name).
 * Returns false (and changes nothing) outside Node or where SharedArrayBuffer is missing.
 */
export function registerThreadedWasmBackend(threads: number, name = 'wasm', priority = 2): boolean {
  if (typeof process === 'undefined' || !process.versions?.node || typeof SharedArrayBuffer === 'undefined') return false;
  if (tf.findBackendFactory(name)) {
    if (tf.getBackend() === name) throw new Error(`registerThreadedWasmBackend: ${name} is already the active backend`);
    tf.removeBackend(name);
  }
  tf.registerBackend(name, () => loadThreaded(threads), priority);
  return true;
}

/** Threads the active wasm backend runs (1 for the single-threaded build). */
export function wasmThreads(): number {
  const b = tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount(): number } } };
  return b.wasm?.tfjs?.getThreadsCount() ?? 1;
}

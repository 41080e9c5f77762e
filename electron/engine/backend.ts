// Picks the TensorFlow.js backend the engine trains on, in DESIGN.md's order:
//   @tensorflow/tfjs-node-gpu (CUDA) -> webgpu (Dawn: Vulkan/Metal/D3D12, a hardware adapter only)
//   -> @tensorflow/tfjs-node (native CPU) -> @tensorflow/tfjs-backend-wasm (SIMD, XNNPACK)
//   -> @tensorflow/tfjs 'cpu' (pure JS, last resort). webgpu lives in backends/webgpu*.ts.
// The two native packages are optionalDependencies: their install downloads a prebuilt libtensorflow,
// and where that download cannot happen the package is absent (or present without its binding). Both
// cases fall through to the next backend; a forced backend that cannot load throws, saying why.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { adapterVersions, describeAdapter, type GpuAdapterInfo } from '../../shared/gpu.js';
import type { BackendName } from '../../shared/run.js';
import { loadWebgpu, probeAdapter, releaseWebgpu, webgpuUnavailableReason } from './backends/webgpu.js';

export type { BackendName };
import type { Tf } from './train/tf.js';
export type { Tf };

export interface BackendInfo {
  tf: Tf;
  backend: BackendName;
  device: string;
  versions: Record<string, string>;
  /** The WebGPU adapter, when the backend is webgpu. */
  adapter?: GpuAdapterInfo;
}

/** Order of preference. */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

/** The npm package that provides each backend. */
export const BACKEND_PACKAGES: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

/** The name tfjs registers each backend under (both native packages register 'tensorflow'). */
const TF_BACKEND_NAME: Record<BackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  webgpu: 'webgpu',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

const require = createRequire(import.meta.url);

export function isBackendName(name: string): name is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(name);
}

function packageDir(pkg: string): string | null {
  try {
    return path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return null;
  }
}

function packageVersion(pkg: string): string | null {
  const dir = packageDir(pkg);
  if (!dir) return null;
  try {
    return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

/** A native package is usable only with its N-API binding (lib/napi-v*\/tfjs_binding.node), which its install downloads. */
function nativeBindingMissing(pkg: string): string | null {
  const dir = packageDir(pkg);
  if (!dir) return `${pkg} is not installed (an optional dependency; its install downloads libtensorflow, which failed or was skipped here)`;
  const lib = path.join(dir, 'lib');
  const found = existsSync(lib) && readdirSync(lib).some((d) => d.startsWith('napi-v') && existsSync(path.join(lib, d, 'tfjs_binding.node')));
  return found ? null : `${pkg} is installed but its native binding (lib/napi-v*/tfjs_binding.node) is missing: the libtensorflow download did not happen`;
}

function wasmDistDir(): string | null {
  const dir = packageDir(BACKEND_PACKAGES.wasm);
  return dir ? path.join(dir, 'dist') : null;
}

function wasmMissing(): string | null {
  const dist = wasmDistDir();
  if (!dist) return `${BACKEND_PACKAGES.wasm} is not installed`;
  if (!existsSync(path.join(dist, 'tfjs-backend-wasm-simd.wasm')) && !existsSync(path.join(dist, 'tfjs-backend-wasm.wasm'))) {
    return `${BACKEND_PACKAGES.wasm} is installed but its .wasm files are missing from ${dist}`;
  }
  return null;
}

/** Cheap check (no loading): why a backend cannot be used here, or null if it looks usable. */
function unavailableReason(name: BackendName): string | null {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return nativeBindingMissing(BACKEND_PACKAGES[name]);
    case 'webgpu':
      return webgpuUnavailableReason();
    case 'wasm':
      return wasmMissing();
    case 'cpu':
      return null;
  }
}

let gpuNameCache: string | null | undefined;
/** The CUDA device name from nvidia-smi, or null where there is none. */
function gpuName(): string | null {
  if (gpuNameCache !== undefined) return gpuNameCache;
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    const names = out.split('\n').map((s) => s.trim()).filter(Boolean);
    gpuNameCache = names.length ? names[0] : null;
  } catch {
    gpuNameCache = null;
  }
  return gpuNameCache;
}

function cpuName(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.trim() || os.arch();
  return `${model} (${cpus.length} cores)`;
}

function deviceFor(name: BackendName, wasmThreads?: number, adapter?: GpuAdapterInfo | null): string {
  switch (name) {
    case 'tensorflow-gpu':
      return gpuName() ?? 'CUDA GPU (name unknown: nvidia-smi not found)';
    case 'webgpu':
      return adapter ? describeAdapter(adapter) : 'WebGPU adapter (not probed)';
    case 'tensorflow':
      return `CPU ${cpuName()}, native TensorFlow`;
    case 'wasm':
      return `CPU ${cpuName()}, WebAssembly SIMD${wasmThreads ? `, ${wasmThreads} thread${wasmThreads === 1 ? '' : 's'}` : ''}`;
    case 'cpu':
      return `CPU ${cpuName()}, pure JavaScript`;
  }
}

/**
 * Which backends the automatic choice may take here, which it would take, and on what device. Loads nothing but
 * Dawn, to ask for the WebGPU adapter (`gpu`, reported even when it is a software one that only --backend
 * webgpu uses; webgpu is then in `unavailable` with that reason, as is a backend that cannot load).
 */
export async function describeBackends(): Promise<{
  available: string[];
  preferred: string;
  device: string;
  unavailable: Record<string, string>;
  gpu: GpuAdapterInfo | null;
}> {
  const available: string[] = [];
  const unavailable: Record<string, string> = {};
  let gpu: GpuAdapterInfo | null = null;
  for (const name of BACKEND_ORDER) {
    let why = unavailableReason(name);
    if (!why && name === 'webgpu') {
      gpu = await probeAdapter();
      if (!gpu) why = 'Dawn found no WebGPU adapter';
      else if (gpu.fallback) why = `only a software adapter (${describeAdapter(gpu)}): never chosen automatically, force it with --backend webgpu`;
    }
    if (why) unavailable[name] = why;
    else available.push(name);
  }
  const preferred = (available[0] ?? 'cpu') as BackendName;
  return { available, preferred, device: deviceFor(preferred, undefined, gpu), unavailable, gpu };
}

let wasmPathsSet = false;
let wasmKernelsRegistered = false;
/** Threads of the wasm backend once it has been set up in this process (it cannot change afterwards). */
let wasmThreadsSetUp: number | null = null;

export interface InitOptions {
  /** Where the choice is logged (default console.log). */
  log?: (line: string) => void;
  /**
   * Threads for the wasm backend (default: env MTL_WASM_THREADS, else 1). The Node build of the wasm
   * backend as shipped runs one thread; more use the threaded build through electron/engine/kernels/
   * wasm-threads.ts. Takes effect only the first time wasm is set up in a process.
   */
  wasmThreads?: number;
}

async function setUpWasmThreads(threads: number, log: (line: string) => void): Promise<void> {
  if (wasmThreadsSetUp !== null) {
    if (threads !== wasmThreadsSetUp) log(`[engine] wasm already runs ${wasmThreadsSetUp} thread(s) in this process; ${threads} requested, unchanged`);
    return;
  }
  wasmThreadsSetUp = 1;
  if (threads <= 1) return;
  try {
    const m = await import('./kernels/wasm-threads.js');
    if (m.registerThreadedWasmBackend(threads)) wasmThreadsSetUp = threads;
    else log('[engine] threaded wasm needs Node with SharedArrayBuffer; running one thread');
  } catch (err) {
    log(`[engine] threaded wasm unavailable (${(err as Error).message.split('\n')[0]}); running one thread`);
  }
}

async function activeWasmThreads(): Promise<number> {
  try {
    const m = await import('./kernels/wasm-threads.js');
    return m.wasmThreads();
  } catch {
    return 1;
  }
}

async function registerWasmKernels(): Promise<void> {
  if (wasmKernelsRegistered) return;
  wasmKernelsRegistered = true;
  // electron/engine/kernels/register.ts holds the gradient kernels wasm lacks (Conv2DBackpropFilter, ...) and
  // faster replacements. The engine still runs without it (wasm then cannot train conv layers).
  let mod: { registerWasmGradientKernels?: () => unknown };
  try {
    mod = await import('./kernels/register.js');
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

/** Loads one backend and makes it current; throws with the reason when it cannot. */
async function load(name: BackendName, opts: InitOptions, log: (line: string) => void, forced: boolean): Promise<{ versions: Record<string, string>; adapter?: GpuAdapterInfo }> {
  const versions: Record<string, string> = {};
  let adapter: GpuAdapterInfo | undefined;
  const why = unavailableReason(name);
  if (why && !(name === 'webgpu' && forced)) throw new Error(why); // forced webgpu may still find SwiftShader
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      const pkg = BACKEND_PACKAGES[name];
      try {
        // Importing the package registers the 'tensorflow' backend with the shared tfjs-core.
        await import(/* @vite-ignore */ pkg);
      } catch (err) {
        throw new Error(`${pkg} failed to load: ${(err as Error).message.split('\n')[0]}`);
      }
      if (!tf.findBackendFactory('tensorflow')) {
        throw new Error(`${pkg} loaded but registered no 'tensorflow' backend with this copy of @tensorflow/tfjs-core (duplicate tfjs installs?)`);
      }
      versions[pkg] = packageVersion(pkg) ?? 'unknown';
      break;
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (!wasmPathsSet) {
        // In Node the wasm binaries are read from the package's dist folder. SIMD is used where the
        // runtime has it (Node does). Threads are not: the Node build of the wasm backend as shipped
        // has no worker support, so the threaded-SIMD binary is never used and it runs on one thread
        // (unless InitOptions.wasmThreads swaps in the threaded build, see setUpWasmThreads).
        wasm.setWasmPaths(wasmDistDir() + path.sep);
        wasmPathsSet = true;
      }
      const envThreads = Number(process.env.MTL_WASM_THREADS);
      await setUpWasmThreads(opts.wasmThreads ?? (Number.isInteger(envThreads) && envThreads > 0 ? envThreads : 1), log);
      versions['@tensorflow/tfjs-backend-wasm'] = wasm.version_wasm;
      break;
    }
    case 'webgpu': {
      const w = await loadWebgpu(forced, log);
      adapter = w.adapter;
      versions[BACKEND_PACKAGES.webgpu] = w.version;
      versions.webgpu = packageVersion('webgpu') ?? 'unknown';
      // the adapter, in the run's record: vendor, architecture, native API, software or not, memory limits
      Object.assign(versions, adapterVersions(adapter));
      break;
    }
    case 'cpu':
      break;
  }
  const ok = await tf.setBackend(TF_BACKEND_NAME[name]);
  if (!ok) throw new Error(`tf.setBackend('${TF_BACKEND_NAME[name]}') failed to initialise ${BACKEND_PACKAGES[name]}`);
  await tf.ready();
  if (name === 'wasm') {
    // After the backend is initialised: its init runs each registered kernel's setup (which binds the wasm
    // functions the original kernels call), so replacements must come after it, not before.
    await registerWasmKernels();
    versions.wasmSimd = String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    versions.wasmThreads = String(await activeWasmThreads());
  }
  return { versions, adapter };
}

/**
 * Initialises a backend and makes it tfjs's current one. With `preferred`, only that backend is tried and a
 * failure throws saying why; without, the first that loads in BACKEND_ORDER wins. Logs the choice and why.
 * May be called again in the same process to switch (variables stay on the backend they were made on).
 */
export async function initBackend(preferred?: BackendName, opts: InitOptions = {}): Promise<BackendInfo> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const candidates = preferred ? [preferred] : BACKEND_ORDER;
  if (preferred && !isBackendName(preferred)) {
    throw new Error(`Unknown backend '${preferred}': choose one of ${BACKEND_ORDER.join(', ')}`);
  }
  const skipped: string[] = [];
  for (const name of candidates) {
    try {
      const { versions: extra, adapter } = await load(name, opts, log, Boolean(preferred));
      const versions: Record<string, string> = {
        ...(tf.version as unknown as Record<string, string>),
        ...extra,
        node: process.versions.node,
      };
      const device = deviceFor(name, Number(extra.wasmThreads) || 1, adapter);
      const reason = preferred ? 'forced' : skipped.length ? `skipped: ${skipped.join('; ')}` : 'first choice';
      log(`[engine] backend ${name} (${BACKEND_PACKAGES[name]}) on ${device} — ${reason}`);
      return { tf, backend: name, device, versions, ...(adapter ? { adapter } : {}) };
    } catch (err) {
      const msg = `${name}: ${(err as Error).message}`;
      if (preferred) {
        const others = (await describeBackends()).available.filter((b) => b !== name);
        throw new Error(`Backend '${name}' is unavailable: ${(err as Error).message}. Available here: ${others.join(', ') || 'none'}`);
      }
      skipped.push(msg);
    }
  }
  throw new Error(`No backend could be initialised: ${skipped.join('; ')}`);
}

/** Frees what keeps a thread alive after training (the WebGPU device); the current backend becomes cpu. */
export async function releaseBackends(): Promise<void> {
  if (tf.findBackend('webgpu')) {
    if (tf.getBackend() === 'webgpu') await tf.setBackend('cpu');
    releaseWebgpu();
  }
}

// The webgpu backend: @tensorflow/tfjs-backend-webgpu on Dawn (npm `webgpu`), Vulkan / Metal / D3D12 on any
// GPU vendor. The engine owns the adapter and device (so that it knows the adapter it trains on and sees the
// device's errors) and registers tfjs's WebGPUBackend on them. A software or fallback adapter (SwiftShader)
// is refused unless webgpu is forced.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { adapterVersions, describeAdapter, type GpuAdapterInfo } from '../../../shared/gpu.js';
import { GPU_MEMORY_MARK } from './gpu-memory.js';
import { adapterInfo, catchingPump, dawnUnavailableReason, requestAdapter, type DawnAdapter, type DawnDevice } from './webgpu-dawn.js';
import { noAdapterHint, useSoftwareVulkan, vulkanDriverInstalled } from './webgpu-env.js';
import { installSyncReadback, type WebGpuBackendLike } from './webgpu-readback.js';
import type { BackendDefinition } from './types.js';

/** A device error that means the work does not fit the GPU: the run fails naming its batch size and design. */
export class GpuMemoryError extends Error {
  readonly gpuMemory = true;
}

export function isGpuMemoryError(err: unknown): err is GpuMemoryError {
  return Boolean(err && typeof err === 'object' && (err as { gpuMemory?: boolean }).gpuMemory);
}

const require = createRequire(import.meta.url);
function packageVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

interface Loaded {
  adapter: GpuAdapterInfo;
  device: DawnDevice;
  version: string;
}
let loaded: Loaded | null = null;
let deviceErrors: string[] = [];
let memoryError = false;
let lost: string | null = null;

/** Throws the first device error since the last check (then forgets it). */
function throwIfDeviceError(): void {
  if (lost) throw new Error(`The GPU device was lost: ${lost}`);
  if (deviceErrors.length === 0) return;
  const msg = deviceErrors[0];
  const memory = memoryError;
  deviceErrors = [];
  memoryError = false;
  const what = loaded ? describeAdapter(loaded.adapter) : 'the GPU';
  if (memory) throw new GpuMemoryError(`${GPU_MEMORY_MARK} on ${what}: ${msg}`);
  throw new Error(`WebGPU error on ${what}: ${msg}`);
}

const MEMORY = /out of memory|exceeds the max|maxBufferSize|maxStorageBufferBindingSize|allocation/i;

function watchDevice(device: DawnDevice): void {
  device.addEventListener('uncapturederror', (ev) => {
    ev.preventDefault?.(); // handled here: Dawn would otherwise print it on stdout (which the CLI's --json owns)
    const e = ev.error;
    if (deviceErrors.length < 8) deviceErrors.push(e?.message?.split('\n')[0] ?? String(e));
    if (e?.constructor?.name === 'GPUOutOfMemoryError' || MEMORY.test(e?.message ?? '')) memoryError = true;
  });
  device.lost.then((info) => {
    if (info?.reason !== 'destroyed') lost = info?.message || info?.reason || 'unknown reason';
  });
}

/** Cheap check (nothing loaded): why webgpu is surely unavailable, or null if an adapter may exist. */
export function webgpuUnavailableReason(): string | null {
  const why = dawnUnavailableReason();
  if (why) return why;
  if (!vulkanDriverInstalled()) return `no Vulkan driver is installed (${noAdapterHint()})`;
  return null;
}

/** The adapter Dawn offers here, without creating a device; null when there is none. Loads Dawn. */
export async function probeAdapter(): Promise<GpuAdapterInfo | null> {
  if (loaded) return loaded.adapter;
  if (webgpuUnavailableReason()) return null;
  const a = await requestAdapter();
  return a ? adapterInfo(a) : null;
}

async function findAdapter(forced: boolean, log: (line: string) => void): Promise<DawnAdapter> {
  let adapter = vulkanDriverInstalled() ? await requestAdapter() : null;
  if (!adapter && forced) {
    const set = useSoftwareVulkan();
    if (set) {
      log(`[engine] webgpu forced and no GPU adapter found: using ${set}`);
      adapter = await requestAdapter(true);
    }
  }
  if (!adapter) throw new Error(`Dawn found no WebGPU adapter: ${noAdapterHint()}`);
  const info = adapterInfo(adapter);
  if (info.fallback && !forced) {
    throw new Error(`only a software adapter was found (${describeAdapter(info)}): never chosen automatically, force it with --backend webgpu`);
  }
  return adapter;
}

function installNavigatorGpu(): void {
  // tfjs-webgpu checks globalThis.navigator.gpu before it builds a backend; the engine hands it the device itself.
  const g = globalThis as { navigator?: { gpu?: unknown } };
  const marker = { requestAdapter: () => Promise.reject(new Error('the engine creates the WebGPU device itself')) };
  if (g.navigator?.gpu) return;
  if (g.navigator) {
    try {
      Object.defineProperty(g.navigator, 'gpu', { value: marker, configurable: true });
      if (g.navigator.gpu) return;
    } catch {
      /* fall through: replace the object */
    }
  }
  Object.defineProperty(globalThis, 'navigator', { value: { ...(g.navigator ?? {}), gpu: marker }, configurable: true, writable: true });
}

/**
 * Creates the device and registers tfjs's 'webgpu' backend on it (once per thread; later calls return the same).
 * `forced`: the user asked for webgpu, so a software adapter is accepted (see webgpu-env.ts).
 */
export async function loadWebgpu(forced: boolean, log: (line: string) => void): Promise<Loaded> {
  if (loaded) {
    if (loaded.adapter.fallback && !forced) throw new Error(`only a software adapter is in use (${describeAdapter(loaded.adapter)}): never chosen automatically`);
    return loaded;
  }
  const why = dawnUnavailableReason();
  if (why) throw new Error(why);
  const adapter = await findAdapter(forced, log);
  const wg = await import('@tensorflow/tfjs-backend-webgpu');
  const limits = adapter.limits;
  const requiredLimits: Record<string, number> = {};
  for (const k of ['maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupSizeX', 'maxComputeInvocationsPerWorkgroup']) {
    requiredLimits[k] = limits[k];
  }
  const requiredFeatures = ['timestamp-query'].filter((f) => adapter.features.has(f));
  const device = await catchingPump(() => adapter.requestDevice({ requiredFeatures, requiredLimits }));
  watchDevice(device);
  installNavigatorGpu();
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu'); // the package's own factory, where it registered one
  const info = adapter.info;
  tf.registerBackend(
    'webgpu',
    () => {
      const backend = new wg.WebGPUBackend(device as never, info as never);
      installSyncReadback(backend as unknown as WebGpuBackendLike, throwIfDeviceError);
      return backend;
    },
    0,
  );
  loaded = { adapter: adapterInfo(adapter), device, version: packageVersion('@tensorflow/tfjs-backend-webgpu') };
  return loaded;
}

/** Checks for device errors now (the training loop's readbacks do it after every read). */
export function checkWebgpuDevice(): void {
  if (loaded) throwIfDeviceError();
}

/** Destroys the device so that the thread can end (Dawn keeps a thread alive while a device lives). */
export function releaseWebgpu(): void {
  if (!loaded) return;
  if (tf.findBackend('webgpu')) tf.removeBackend('webgpu');
  loaded.device.destroy();
  loaded = null;
  deviceErrors = [];
  memoryError = false;
  lost = null;
}

export const webgpu: BackendDefinition = {
  name: 'webgpu',
  package: '@tensorflow/tfjs-backend-webgpu',
  tfName: 'webgpu',
  unavailableReason: webgpuUnavailableReason,
  async probe() {
    const adapter = await probeAdapter();
    if (!adapter) return { reason: 'Dawn found no WebGPU adapter', adapter };
    if (adapter.fallback) return { reason: `only a software adapter (${describeAdapter(adapter)}): never chosen automatically, force it with --backend webgpu`, adapter };
    return { reason: null, adapter };
  },
  device: (adapter) => (adapter ? describeAdapter(adapter) : 'WebGPU adapter (not probed)'),
  async load({ forced, log }) {
    const w = await loadWebgpu(forced, log);
    return {
      adapter: w.adapter,
      device: describeAdapter(w.adapter),
      versions: {
        [webgpu.package]: w.version,
        webgpu: packageVersion('webgpu'),
        // the adapter, in the run's record: vendor, architecture, native API, software or not, memory limits
        ...adapterVersions(w.adapter),
        // what runs differently here than on wasm, recorded rather than silent
        fallbacks: 'Adam: generic tf ops (the fused single-pass Adam is wasm only)',
      },
    };
  },
  release: releaseWebgpu,
};

// Dawn's Node bindings (npm `webgpu`): one GPU instance per thread, the adapter it offers, and a way to let
// Dawn deliver its callbacks while JavaScript waits synchronously (see processEvents).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { GpuAdapterInfo } from '../../../shared/gpu.js';

const require = createRequire(import.meta.url);

/** The slice of the WebGPU API the engine touches (the full typings need the DOM lib, which electron/ lacks). */
export interface DawnDevice {
  readonly limits: Record<string, number>;
  readonly lost: Promise<{ reason: string; message: string }>;
  addEventListener(type: 'uncapturederror', fn: (ev: { error: { message: string; constructor: { name: string } }; preventDefault?: () => void }) => void): void;
  destroy(): void;
}
export interface DawnAdapter {
  readonly info: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
  readonly limits: Record<string, number>;
  readonly features: { has(name: string): boolean };
  requestDevice(desc?: { requiredFeatures?: string[]; requiredLimits?: Record<string, number> }): Promise<DawnDevice>;
}
interface DawnGpu {
  requestAdapter(opts?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<DawnAdapter | null>;
}
interface DawnModule {
  create(flags: string[]): DawnGpu;
  globals: Record<string, unknown>;
}

function packageDir(pkg: string): string | null {
  try {
    return path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return null;
  }
}

/** Cheap check (nothing loaded): why Dawn cannot run here, or null. */
export function dawnUnavailableReason(): string | null {
  const dir = packageDir('webgpu');
  if (!dir) return 'the npm package webgpu (Dawn) is not installed';
  if (!packageDir('@tensorflow/tfjs-backend-webgpu')) return '@tensorflow/tfjs-backend-webgpu is not installed';
  const arch = process.platform === 'darwin' ? 'universal' : process.arch;
  const binary = path.join(dir, 'dist', `${process.platform}-${arch}`, 'dawn.node');
  if (!existsSync(binary)) return `webgpu ships no Dawn binary for ${process.platform}-${arch} (looked for ${binary})`;
  return null;
}

/** The native API Dawn uses: its `backend` flag or DAWNNODE_BACKEND, else the platform's default. */
export function dawnApi(): string {
  const forced = process.env.DAWNNODE_BACKEND?.trim().toLowerCase();
  if (forced) return { vk: 'vulkan', d3d: 'd3d12', gl: 'opengl', gles: 'opengles' }[forced] ?? forced;
  return process.platform === 'win32' ? 'd3d12' : process.platform === 'darwin' ? 'metal' : 'vulkan';
}

let dawn: DawnModule | null = null;
let gpu: DawnGpu | null = null;
/**
 * Every instance made stays referenced: Dawn's event runner keeps a raw pointer to its instance and may still
 * have a callback queued when the instance would be collected (a crash, seen now and then in tests).
 */
const instances: DawnGpu[] = [];
let pump: (() => void) | null = null;

/**
 * Dawn's AsyncRunner asks `globalThis.setImmediate`, from inside the call that starts an asynchronous operation
 * (requestDevice, mapAsync, ...), to run a native function that processes Dawn's events (map completions,
 * errors, device loss). Catching that function during our own Dawn calls lets a synchronous readback
 * (tensor.dataSync(), used throughout the engine) drive Dawn's events itself instead of returning to the event
 * loop, which tfjs-webgpu's readSync would need a browser's OffscreenCanvas for.
 */
export function catchingPump<T>(call: () => T): T {
  const real = globalThis.setImmediate;
  const nativeFn = /\{\s*\[native code\]\s*\}\s*$/;
  const watching = ((fn: (...a: unknown[]) => void, ...args: unknown[]) => {
    if (typeof fn === 'function' && args.length === 0 && nativeFn.test(Function.prototype.toString.call(fn))) pump = fn as () => void;
    return real(fn, ...args);
  }) as unknown as typeof setImmediate;
  Object.assign(watching, real);
  globalThis.setImmediate = watching;
  try {
    return call();
  } finally {
    globalThis.setImmediate = real;
  }
}

/** Runs Dawn's pending callbacks now; false until Dawn has scheduled them once (then it always can). */
export function processEvents(): boolean {
  if (!pump) return false;
  pump();
  return true;
}

async function loadDawn(): Promise<DawnModule> {
  if (!dawn) {
    dawn = (await import('webgpu')) as unknown as DawnModule; // loads dist/<platform>-<arch>/dawn.node
    // WebGPU's enum objects (GPUBufferUsage, GPUMapMode, ...) that tfjs-backend-webgpu reads as globals.
    for (const [k, v] of Object.entries(dawn.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  }
  return dawn;
}

/** This thread's Dawn instance; `fresh` makes a new one (after the Vulkan driver environment changed). */
async function dawnGpu(fresh = false): Promise<DawnGpu> {
  if (!gpu || fresh) {
    const d = await loadDawn();
    pump = null; // a new instance has its own event runner
    gpu = d.create([]);
    instances.push(gpu);
  }
  return gpu;
}

export function adapterInfo(adapter: DawnAdapter): GpuAdapterInfo {
  const i = adapter.info;
  return {
    vendor: i.vendor ?? '',
    architecture: i.architecture ?? '',
    device: i.device ?? '',
    description: i.description ?? '',
    api: dawnApi(),
    fallback: Boolean(i.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}

/** The high-performance adapter Dawn offers on this thread's instance, or null. */
export async function requestAdapter(fresh = false): Promise<DawnAdapter | null> {
  try {
    return await (await dawnGpu(fresh)).requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    return null; // e.g. a DAWNNODE_BACKEND that names an API with no adapter here
  }
}

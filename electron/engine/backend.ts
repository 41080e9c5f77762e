// Picks the TensorFlow.js backend the engine trains on, in DESIGN.md's order (backends/registry.ts):
//   @tensorflow/tfjs-node-gpu (CUDA) -> webgpu (Dawn: Vulkan/Metal/D3D12, a hardware adapter only)
//   -> @tensorflow/tfjs-node (native CPU) -> @tensorflow/tfjs-backend-wasm (SIMD, XNNPACK)
//   -> @tensorflow/tfjs 'cpu' (pure JS, last resort).
// A backend that cannot load falls through to the next; a forced one that cannot load throws, saying why.
import * as tf from '@tensorflow/tfjs';
import type { GpuAdapterInfo } from '../../shared/gpu.js';
import { BACKEND_NAMES, type BackendName } from '../../shared/run.js';
import { BACKENDS, backendDefinition } from './backends/registry.js';
import type { InitOptions, LoadContext } from './backends/types.js';

export type { BackendName, InitOptions };
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
export const BACKEND_ORDER: readonly BackendName[] = BACKENDS.map((b) => b.name);

/** The npm package that provides each backend. */
export const BACKEND_PACKAGES = Object.fromEntries(BACKENDS.map((b) => [b.name, b.package])) as Record<BackendName, string>;

export function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
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
  for (const b of BACKENDS) {
    let why = b.unavailableReason();
    if (!why && b.probe) {
      const p = await b.probe();
      why = p.reason;
      gpu = p.adapter ?? gpu;
    }
    if (why) unavailable[b.name] = why;
    else available.push(b.name);
  }
  const preferred = backendDefinition((available[0] ?? 'cpu') as BackendName);
  return { available, preferred: preferred.name, device: preferred.device(gpu), unavailable, gpu };
}

/** Loads one backend and makes it current; throws with the reason when it cannot. */
async function load(name: BackendName, ctx: LoadContext): Promise<Omit<BackendInfo, 'tf' | 'backend'>> {
  const b = backendDefinition(name);
  const why = b.unavailableReason();
  if (why && !(b.name === 'webgpu' && ctx.forced)) throw new Error(why); // forced webgpu may still find SwiftShader
  const loaded = await b.load(ctx);
  const ok = await tf.setBackend(b.tfName);
  if (!ok) throw new Error(`tf.setBackend('${b.tfName}') failed to initialise ${b.package}`);
  await tf.ready();
  const after = (await b.afterInit?.(ctx)) ?? {};
  return {
    versions: { ...loaded.versions, ...after.versions },
    device: after.device ?? loaded.device ?? b.device(loaded.adapter),
    ...(loaded.adapter ? { adapter: loaded.adapter } : {}),
  };
}

/**
 * Initialises a backend and makes it tfjs's current one. With `preferred`, only that backend is tried and a
 * failure throws saying why; without, the first that loads in BACKEND_ORDER wins. Logs the choice and why.
 * May be called again in the same process to switch (variables stay on the backend they were made on).
 */
export async function initBackend(preferred?: BackendName, opts: InitOptions = {}): Promise<BackendInfo> {
  const log = opts.log ?? ((line: string) => console.log(line));
  if (preferred && !isBackendName(preferred)) {
    throw new Error(`Unknown backend '${preferred}': choose one of ${BACKEND_ORDER.join(', ')}`);
  }
  const candidates = preferred ? [preferred] : BACKEND_ORDER;
  const skipped: string[] = [];
  for (const name of candidates) {
    try {
      const got = await load(name, { opts, log, forced: Boolean(preferred) });
      const versions: Record<string, string> = { ...(tf.version as unknown as Record<string, string>), ...got.versions, node: process.versions.node };
      const reason = preferred ? 'forced' : skipped.length ? `skipped: ${skipped.join('; ')}` : 'first choice';
      log(`[engine] backend ${name} (${BACKEND_PACKAGES[name]}) on ${got.device} — ${reason}`);
      return { tf, backend: name, device: got.device, versions, ...(got.adapter ? { adapter: got.adapter } : {}) };
    } catch (err) {
      if (preferred) {
        const others = (await describeBackends()).available.filter((b) => b !== name);
        throw new Error(`Backend '${name}' is unavailable: ${(err as Error).message}. Available here: ${others.join(', ') || 'none'}`);
      }
      skipped.push(`${name}: ${(err as Error).message}`);
    }
  }
  throw new Error(`No backend could be initialised: ${skipped.join('; ')}`);
}

/** Frees what keeps a thread alive after training (the WebGPU device); a webgpu current backend becomes cpu. */
export async function releaseBackends(): Promise<void> {
  if (tf.findBackend('webgpu') && tf.getBackend() === 'webgpu') await tf.setBackend('cpu');
  for (const b of BACKENDS) b.release?.();
}

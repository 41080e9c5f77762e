// Whether the webgpu tests can run here: webgpu forced, as a user would force it, finds an adapter (a GPU, or
// SwiftShader from Debian's chromium through Debian's libvulkan1, as CI installs). Only "no adapter" skips;
// any other failure to start the backend fails the tests that need it.
import { initBackend, releaseBackends } from '../../../electron/engine/backend.js';
import type { GpuAdapterInfo } from '../../../shared/gpu.js';

export const quiet = { log: () => {} };

export interface WebgpuHere {
  /** Why the tests skip (no adapter at all), or null when they run. */
  skip: string | null;
  adapter: GpuAdapterInfo | null;
  /** A start failure other than a missing adapter: reported by the test that needs the backend. */
  error: Error | null;
}

const NO_ADAPTER = /no WebGPU adapter|not installed|ships no Dawn binary/;

export async function webgpuHere(): Promise<WebgpuHere> {
  try {
    const b = await initBackend('webgpu', quiet);
    await initBackend('cpu', quiet);
    return { skip: null, adapter: b.adapter ?? null, error: null };
  } catch (err) {
    const msg = (err as Error).message;
    if (NO_ADAPTER.test(msg)) return { skip: `no WebGPU adapter here (install libvulkan1 and chromium for SwiftShader): ${msg}`, adapter: null, error: null };
    return { skip: null, adapter: null, error: err as Error };
  }
}

/** Frees the device at the end of a file (a live device keeps the test process from ending). */
export const release = releaseBackends;

// Synchronous readback for tfjs-backend-webgpu under Node. Its readSync draws through a browser's
// OffscreenCanvas, which Node lacks; the engine reads every step's losses with dataSync(). Here the read
// copies the tensor's buffer to a staging buffer, maps it and drives Dawn's events until the map completes.
import * as tf from '@tensorflow/tfjs';
import { catchingPump, processEvents } from './webgpu-dawn.js';

interface GpuBufferLike {
  size: number;
  mapState: 'unmapped' | 'pending' | 'mapped';
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
}
interface TensorData {
  dtype: tf.DataType;
  values?: tf.backend_util.BackendValues | null;
  resource?: GpuBufferLike | null;
  complexTensorInfos?: unknown;
}
/** The parts of tfjs-webgpu's WebGPUBackend this touches (stable across 4.x). */
export interface WebGpuBackendLike {
  tensorMap: { get(id: object): TensorData; has(id: object): boolean };
  bufferManager: { acquireBuffer(size: number, usage: number): GpuBufferLike; releaseBuffer(b: GpuBufferLike): void };
  commandEncoder: { copyBufferToBuffer(src: GpuBufferLike, so: number, dst: GpuBufferLike, d: number, n: number): void } | null;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  readSync(dataId: object): tf.backend_util.BackendValues;
  read(dataId: object): Promise<tf.backend_util.BackendValues>;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function mapNow(b: WebGpuBackendLike, buffer: GpuBufferLike): ArrayBuffer {
  const g = globalThis as unknown as { GPUBufferUsage: Record<string, number>; GPUMapMode: Record<string, number> };
  const staging = b.bufferManager.acquireBuffer(buffer.size, g.GPUBufferUsage.COPY_DST | g.GPUBufferUsage.MAP_READ);
  b.ensureCommandEncoderReady();
  b.endComputePassEncoder();
  b.commandEncoder!.copyBufferToBuffer(buffer, 0, staging, 0, buffer.size);
  b.submitQueue();
  let failure: unknown = null;
  catchingPump(() => staging.mapAsync(g.GPUMapMode.READ)).catch((err) => (failure = err));
  for (let spins = 0; staging.mapState === 'pending'; spins++) {
    if (!processEvents()) throw new Error('WebGPU readback: Dawn has not scheduled its event processing, so a synchronous read cannot complete');
    // the first few polls back to back (small reads finish at once), then 1 ms naps while the GPU works
    if (staging.mapState === 'pending' && spins > 16) Atomics.wait(sleeper, 0, 0, 1);
  }
  if (staging.mapState !== 'mapped') {
    b.bufferManager.releaseBuffer(staging);
    throw new Error(`WebGPU readback failed: ${(failure as Error | null)?.message ?? 'the buffer could not be mapped (device lost?)'}`);
  }
  const bytes = staging.getMappedRange().slice(0);
  staging.unmap();
  b.bufferManager.releaseBuffer(staging);
  return bytes;
}

/**
 * Replaces the backend's readSync with the mapped read, and runs `check` after every read (sync or async) so
 * that a device error (out of memory, a buffer over the adapter's limits, a lost device) fails the step that
 * met it instead of letting it train on garbage.
 */
export function installSyncReadback(backend: WebGpuBackendLike, check: () => void): void {
  const asyncRead = backend.read.bind(backend);
  backend.readSync = function readSync(dataId: object) {
    const data = backend.tensorMap.get(dataId);
    if (data.values != null || data.dtype === 'string') return data.values as tf.backend_util.BackendValues;
    if (data.dtype === 'complex64' || !data.resource) throw new Error(`WebGPU readback: dtype ${data.dtype} is not supported synchronously; use an async read`);
    const bytes = mapNow(backend, data.resource);
    check();
    const vals = tf.util.convertBackendValuesAndArrayBuffer(bytes, data.dtype);
    data.values = vals; // tfjs-webgpu caches a read tensor's values on the CPU the same way
    return vals;
  };
  backend.read = async function read(dataId: object) {
    const vals = await asyncRead(dataId);
    check();
    return vals;
  };
}

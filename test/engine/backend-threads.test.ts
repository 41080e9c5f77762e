// The wasm backend with threads (a fresh process per test file: the thread count is fixed once wasm is up).
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../electron/engine/backend.js';

describe('engine backends: threaded wasm', () => {
  it('runs wasm on 2 threads when asked, says so, and computes what cpu computes', async () => {
    const lines: string[] = [];
    const w = await initBackend('wasm', { wasmThreads: 2, log: (l) => lines.push(l) });
    expect(w.backend).toBe('wasm');
    expect(w.versions.wasmThreads).toBe('2');
    expect(w.device).toMatch(/WebAssembly SIMD, 2 threads/);
    const tf = w.tf;
    const a = tf.randomNormal([64, 48], 0, 1, 'float32', 1);
    const b = tf.randomNormal([48, 32], 0, 1, 'float32', 2);
    const onWasm = tf.matMul(a, b).dataSync().slice();
    const again = await initBackend('wasm', { wasmThreads: 1, log: (l) => lines.push(l) });
    expect(again.versions.wasmThreads).toBe('2');
    expect(lines.some((l) => /already runs 2 thread/.test(l))).toBe(true);
    await initBackend('cpu', { log: () => {} });
    const onCpu = tf.matMul(tf.tensor(a.dataSync(), a.shape), tf.tensor(b.dataSync(), b.shape)).dataSync();
    onWasm.forEach((v, i) => expect(v).toBeCloseTo(onCpu[i], 3));
  });
});

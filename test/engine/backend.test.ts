// Backend selection: the preferred order, what is available here, forcing one, and why one is unavailable.
import { afterAll, describe, expect, it } from 'vitest';
import { BACKEND_ORDER, BACKEND_PACKAGES, describeBackends, initBackend, releaseBackends } from '../../electron/engine/backend.js';

afterAll(async () => {
  await initBackend('cpu');
  await releaseBackends(); // where a GPU made webgpu the first choice
});

describe('engine backends', () => {
  it('describes which backends are usable, in order, with a reason for each missing one', async () => {
    const d = await describeBackends();
    expect(BACKEND_ORDER).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
    // wasm and cpu ship as ordinary dependencies, so they are always there.
    expect(d.available).toContain('wasm');
    expect(d.available).toContain('cpu');
    expect(d.available).toEqual(BACKEND_ORDER.filter((b) => d.available.includes(b)));
    expect(d.preferred).toBe(d.available[0]);
    expect(d.device.length).toBeGreaterThan(0);
    for (const b of BACKEND_ORDER.filter((x) => !d.available.includes(x) && x !== 'webgpu')) {
      expect(d.unavailable[b]).toContain(BACKEND_PACKAGES[b]);
    }
    // webgpu: no driver, no adapter, or only a software one (which only --backend webgpu takes)
    if (!d.available.includes('webgpu')) expect(d.unavailable.webgpu).toMatch(/Vulkan driver|no WebGPU adapter|software adapter.*--backend webgpu|webgpu/);
    if (d.gpu?.fallback) expect(d.available).not.toContain('webgpu');
  });

  it('picks the first available backend and reports device and versions', async () => {
    const d = await describeBackends();
    const b = await initBackend();
    expect(b.backend).toBe(d.preferred);
    expect(b.tf.getBackend()).toBe(b.backend.startsWith('tensorflow') ? 'tensorflow' : b.backend);
    expect(b.versions['tfjs-core']).toBe('4.22.0');
    expect(b.versions.node).toBe(process.versions.node);
    expect(b.device.startsWith(d.device)).toBe(true);
  });

  it('forces wasm (SIMD, gradient kernels registered) and cpu', async () => {
    const w = await initBackend('wasm');
    expect(w.tf.getBackend()).toBe('wasm');
    expect(w.versions['@tensorflow/tfjs-backend-wasm']).toBe('4.22.0');
    expect(w.versions.wasmSimd).toBe('true');
    expect(w.device).toMatch(/WebAssembly SIMD, 1 thread/);
    // The engine's kernels fill the conv filter gradient the wasm backend lacks.
    expect(w.tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    const x = w.tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 1) as import('@tensorflow/tfjs').Tensor4D;
    const g = w.tf.grad((f: import('@tensorflow/tfjs').Tensor) => w.tf.sum(w.tf.conv2d(x, f as import('@tensorflow/tfjs').Tensor4D, 1, 'valid')))(w.tf.ones([3, 3, 2, 4]));
    expect(g.shape).toEqual([3, 3, 2, 4]);
    w.tf.dispose([x, g]);
    const c = await initBackend('cpu');
    expect(c.tf.getBackend()).toBe('cpu');
    expect(c.device).toMatch(/pure JavaScript/);
  });

  it('says why a forced native backend is unavailable and which ones are', async () => {
    const d = await describeBackends();
    for (const b of (['tensorflow-gpu', 'tensorflow'] as const).filter((x) => !d.available.includes(x))) {
      await expect(initBackend(b)).rejects.toThrow(new RegExp(`Backend '${b}' is unavailable: ${BACKEND_PACKAGES[b]}.*Available here: .*wasm, cpu`));
    }
    await expect(initBackend('metal' as any)).rejects.toThrow(/Unknown backend 'metal'/);
  });
});

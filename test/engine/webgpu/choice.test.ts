// A software adapter is never chosen automatically: with SwiftShader as the machine's only Vulkan driver (set
// by the user, as VK_ICD_FILENAMES), the system description names it and says why webgpu is skipped, the
// automatic choice takes a CPU backend, and forcing webgpu trains on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeBackends, initBackend, releaseBackends } from '../../../electron/engine/backend.js';
import { SWIFTSHADER_ICD } from '../../../electron/engine/backends/webgpu-env.js';
import { quiet } from './adapter.js';

const swiftshader = fs.existsSync(SWIFTSHADER_ICD);
if (swiftshader && !process.env.VK_ICD_FILENAMES) {
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  process.env.XDG_RUNTIME_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-xdg-'));
}

describe.skipIf(!swiftshader)(`automatic choice with only SwiftShader${swiftshader ? '' : ` (skipped: no ${SWIFTSHADER_ICD})`}`, () => {
  afterAll(async () => {
    await initBackend('cpu', quiet);
    await releaseBackends();
  });

  it('describes the software adapter and keeps webgpu out of the automatic choice', async () => {
    const d = await describeBackends();
    expect(d.gpu).toMatchObject({ architecture: 'swiftshader', fallback: true, api: 'vulkan' });
    expect(d.gpu!.maxBufferSize).toBeGreaterThan(0);
    expect(d.available).not.toContain('webgpu');
    expect(d.unavailable.webgpu).toMatch(/only a software adapter .*swiftshader.*force it with --backend webgpu/);
    const auto = await initBackend(undefined, quiet);
    expect(auto.backend).not.toBe('webgpu');
  });

  it('forced, trains on it and reports it', async () => {
    const b = await initBackend('webgpu', quiet);
    expect(b.backend).toBe('webgpu');
    expect(b.adapter).toMatchObject({ architecture: 'swiftshader', fallback: true });
    expect(b.device).toMatch(/swiftshader.*Vulkan, software adapter/);
    expect(b.versions['gpu.fallback']).toBe('true');
    expect(b.versions.fallbacks).toMatch(/Adam/);
    const y = b.tf.tidy(() => Array.from(b.tf.matMul(b.tf.tensor2d([[1, 2]]), b.tf.tensor2d([[3], [4]])).dataSync()));
    expect(y).toEqual([11]);
  });
});

// The WebGPU adapter, visible: with SwiftShader as the machine's Vulkan driver (as a user without a GPU might
// set it), the status bar names the adapter and says it is used only when chosen; the launch form offers
// webgpu marked as software, names the adapter under the choice, and a run launched on it trains on webgpu
// with the adapter in its record. English and Chinese, with screenshots.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWIFTSHADER_ICD } from '../../electron/engine/backends/webgpu-env.js';
import { adapterFromVersions } from '../../shared/gpu.js';
import { startApp, type App } from './harness.js';

const swiftshader = fs.existsSync(SWIFTSHADER_ICD);
if (swiftshader && !process.env.VK_ICD_FILENAMES) {
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  process.env.XDG_RUNTIME_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-xdg-'));
}

async function openTrainDialog(app: App): Promise<void> {
  const api = app.workbench.api;
  const ds = await api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'synthetic', options: { rows: 300, dim: 8, p: 0.5 }, seed: 3 });
  const stored = await api.saveDesign({ name: 'MMoE', design: await api.buildTemplate({ template: 'mmoe', datasetIds: [ds.id] }) });
  await app.page.goto(`${app.url.split('#')[0]}#/designer?id=${stored.id}`);
  await app.page.reload();
  await app.page.waitForSelector('[data-testid="design-saved"]');
  await app.page.click('[data-testid="toolbar-train"]');
  await app.page.waitForSelector('[data-testid="launch-dialog"]');
  await app.page.waitForSelector('[data-testid="launch-backend"] option[value="webgpu"]', { state: 'attached' });
  await app.page.waitForSelector('[data-testid="launch-strategy"] option[value="ew"]', { state: 'attached' });
}

describe.skipIf(!swiftshader)(`the WebGPU adapter in the status bar and the launch form${swiftshader ? '' : ` (skipped: no ${SWIFTSHADER_ICD})`}`, () => {
  for (const locale of ['en', 'zh'] as const) {
    describe(locale, () => {
      let app: App;
      beforeAll(async () => {
        app = await startApp({ locale, viewport: { width: 1440, height: 1000 } });
      });
      afterAll(async () => {
        await app?.close();
      });

      it('names the software adapter in the status bar, not chosen automatically', async () => {
        const gpu = app.page.locator('[data-testid="status-gpu"]');
        await gpu.waitFor();
        const text = (await gpu.textContent()) ?? '';
        expect(text).toContain('swiftshader');
        expect(text).toContain(locale === 'en' ? 'software: only if chosen' : '软件实现：仅在选择时使用');
        expect(await app.page.textContent('[data-testid="status-backend"]')).not.toContain('webgpu');
        expect(app.errors).toEqual([]);
      });

      it('offers webgpu as a default backend in Settings', async () => {
        await app.goto('settings');
        const option = app.page.locator('[data-testid="settings-backend"] option[value="webgpu"]');
        expect(await option.isDisabled()).toBe(false);
        expect(await option.textContent()).toContain('WebGPU');
        await app.shot(`webgpu-settings-${locale}`);
        expect(app.errors).toEqual([]);
      });

      it('offers webgpu in the launch form, marked software, and names the adapter under it', async () => {
        await openTrainDialog(app);
        const { page } = app;
        expect(await page.textContent('[data-testid="launch-backend"] option[value="webgpu"]')).toContain(locale === 'en' ? 'software adapter: slow' : '软件适配器：慢');
        await page.selectOption('[data-testid="launch-backend"]', 'webgpu');
        const hint = (await page.textContent('[data-testid="launch-backend-device"]')) ?? '';
        expect(hint).toContain('swiftshader');
        expect(hint).toContain(locale === 'en' ? 'far slower than wasm' : '比 wasm 慢得多');
        await page.locator('[data-testid="launch-backend"]').scrollIntoViewIfNeeded();
        await app.shot(`webgpu-launch-${locale}`);
        expect(app.errors).toEqual([]);
      });

      if (locale === 'en') {
        it('trains the launched run on webgpu and records the adapter', async () => {
          const { page } = app;
          await page.fill('[data-testid="launch-epochs"]', '1');
          await page.fill('[data-testid="launch-batch-size"]', '32');
          await page.fill('[data-testid="launch-max-steps"]', '2');
          await page.click('[data-testid="launch-submit"]');
          await page.waitForSelector('[data-testid="view-runs"]');
          const api = app.workbench.api;
          let run = (await api.listRuns({}))[0];
          for (let i = 0; i < 600 && (run.status === 'queued' || run.status === 'running'); i++) {
            await new Promise((r) => setTimeout(r, 500));
            run = await api.getRun(run.id);
          }
          expect(run.status, run.error ?? '').toBe('completed');
          expect(run.backend).toBe('webgpu');
          expect(adapterFromVersions(run.versions)).toMatchObject({ architecture: 'swiftshader', fallback: true, api: 'vulkan' });
          await app.shot('webgpu-run-en');
        });
      }
    });
  }
});

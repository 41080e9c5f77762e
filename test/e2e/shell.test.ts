// The shell in headless Chromium through web mode: every view in English and Chinese, with screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness.js';

/** The page updates asynchronously; a loaded 2-core machine may need a few seconds. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

const VIEWS = ['designer', 'runs', 'compare', 'datasets', 'settings'] as const;

describe('renderer shell (web mode, Chromium)', () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp({ locale: 'en' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows the backend, device and transport in the status bar', async () => {
    const { page } = app;
    const info = await app.workbench.api.getSystemInfo();
    await page.waitForFunction(() => !document.querySelector('[data-testid="status-backend"]')?.textContent?.includes('…'));
    await poll(() => page.textContent('[data-testid="status-backend"]')).toContain(info.backend);
    expect(await page.textContent('[data-testid="status-device"]')).toContain(info.device);
    expect(await page.textContent('[data-testid="status-transport"]')).toContain('Web');
  });

  it('visits every view in English, and the hash keeps the view across a reload', async () => {
    const { page } = app;
    const titles: Record<string, string> = {};
    for (const v of VIEWS) {
      await app.goto(v);
      expect(page.url()).toContain(`#/${v}`);
      titles[v] = (await page.textContent(`[data-testid="nav-${v}"]`))!.trim();
      await page.waitForTimeout(150);
      await app.shot(`shell-${v}-en`);
    }
    expect(titles).toEqual({ designer: 'Designer', runs: 'Runs', compare: 'Compare', datasets: 'Datasets', settings: 'Settings' });
    await app.goto('datasets');
    await page.reload();
    await page.waitForSelector('[data-testid="view-datasets"]');
  });

  it('switches to Chinese in Settings, remembers it, and shows every view in Chinese', async () => {
    const { page } = app;
    await app.goto('settings');
    await page.selectOption('[data-testid="settings-language"]', 'zh');
    await poll(() => page.textContent('[data-testid="nav-settings"]')).toContain('设置');
    expect(await page.evaluate(() => localStorage.getItem('mtlw-locale'))).toBe('zh');
    await page.reload();
    await page.waitForSelector('[data-testid="view-settings"]');
    expect(await page.textContent('[data-testid="nav-designer"]')).toContain('设计器');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    const info = await app.workbench.api.getSystemInfo();
    expect(await page.textContent('[data-testid="settings-datadir"]')).toBe(info.dataDir);
    for (const v of VIEWS) {
      await app.goto(v);
      await page.waitForTimeout(150);
      await app.shot(`shell-${v}-zh`);
    }
    const text = await page.textContent('[data-testid="statusbar"]');
    expect(text).toContain('训练后端');
    // back to English for whoever runs next in this profile
    await app.goto('settings');
    await page.selectOption('[data-testid="settings-language"]', 'en');
    await poll(() => page.textContent('[data-testid="nav-settings"]')).toContain('Settings');
  });

  it('had no page errors', () => {
    expect(app.errors).toEqual([]);
  });
});

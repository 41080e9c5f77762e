// End-to-end harness: the app in web mode, in process (a temp home), and headless Chromium driving it.
// The renderer must be built first (`npx vite build`); startApp() builds it when dist/renderer is missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createWorkbench, type Workbench, type WorkbenchOptions } from '../../electron/services/workbench.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface App {
  url: string;
  home: string;
  workbench: Workbench;
  server: WebServer;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  /** Save docs/screenshots/<name>.png of the page (or of one element). */
  shot(name: string, selector?: string): Promise<string>;
  /** Open a view (#/designer …) and wait until it shows. */
  goto(view: string): Promise<void>;
  close(): Promise<void>;
}

export function ensureRendererBuilt(): void {
  const index = path.join(ROOT, 'dist/renderer/index.html');
  if (!fs.existsSync(index)) execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/** Whether a built renderer folder is whole: index.html and every asset it names. */
function rendererComplete(dir: string): boolean {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return false;
  const html = fs.readFileSync(index, 'utf8');
  return [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].every((m) => fs.existsSync(path.join(dir, m[1])));
}

/**
 * A private copy of dist/renderer for one test file, so that a rebuild running meanwhile (vite empties
 * the folder first) cannot pull the page out from under it.
 */
export async function snapshotRenderer(): Promise<string> {
  // MTLW_E2E_RENDERER: another build to drive (e.g. an older one, to see a test fail on it)
  const src = process.env.MTLW_E2E_RENDERER ?? path.join(ROOT, 'dist/renderer');
  if (!process.env.MTLW_E2E_RENDERER) ensureRendererBuilt();
  for (let attempt = 0; attempt < 120; attempt++) {
    if (rendererComplete(src)) {
      const dst = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-e2e-renderer-'));
      fs.cpSync(src, dst, { recursive: true });
      if (rendererComplete(dst)) return dst;
      fs.rmSync(dst, { recursive: true, force: true });
    }
    await new Promise((r) => setTimeout(r, 1000)); // a build is under way: wait for it
  }
  throw new Error('dist/renderer stayed incomplete for 2 minutes: run `npx vite build`');
}

export interface StartOptions {
  locale?: 'en' | 'zh';
  viewport?: { width: number; height: number };
  /** Reuse a home folder (to see data from an earlier start). */
  home?: string;
  /** More options for the workbench (a run queue). */
  workbench?: Partial<WorkbenchOptions>;
}

export async function startApp(opts: StartOptions = {}): Promise<App> {
  const rendererDir = await snapshotRenderer();
  const home = opts.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-e2e-home-'));
  const workbench = createWorkbench({ home, transport: 'web', ...opts.workbench });
  const server = await startWebServer({ workbench, port: 0, rendererDir });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS.filter((a) => a !== '--headless'),
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    locale: opts.locale === 'zh' ? 'zh-CN' : 'en-US',
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium warns that the CSP's ws://[::1]:* source is invalid (electron/web/csp.ts); not an app error.
    if (/Content Security Policy directive 'connect-src' contains an invalid source/.test(m.text())) return;
    const where = m.location()?.url;
    errors.push(`console: ${m.text()}${where ? ` (${where.replace(/\?.*$/, '')})` : ''}`);
  });
  page.on('dialog', (d) => void d.accept());
  if (opts.locale) {
    await context.addInitScript((l) => {
      if (!localStorage.getItem('mtlw-locale')) localStorage.setItem('mtlw-locale', l);
    }, opts.locale);
  }
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="statusbar"]');

  const app: App = {
    url: server.url,
    home,
    workbench,
    server,
    context,
    page,
    errors,
    async shot(name, selector) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.evaluate(() => document.fonts.ready);
      if (selector) await page.locator(selector).screenshot({ path: file });
      else await page.screenshot({ path: file });
      return file;
    },
    async goto(view) {
      await page.click(`[data-testid="nav-${view}"]`);
      await page.waitForSelector(`[data-testid="view-${view}"]`);
    },
    async close() {
      await context.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      await workbench.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
      fs.rmSync(rendererDir, { recursive: true, force: true });
      if (!opts.home) fs.rmSync(home, { recursive: true, force: true });
    },
  };
  return app;
}

/** Center of an element in page coordinates. */
export async function centerOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drag with real mouse events, in steps (HTML5 drag and drop and Vue Flow's pointer handling both see it). */
export async function dragMouse(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 4, from.y + 4, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

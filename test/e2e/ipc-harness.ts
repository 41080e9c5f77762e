// End-to-end harness for the Electron transport without Electron: the built renderer opened from file:// in
// headless Chromium (as the window loads it, meta CSP and all), the BUILT preload bundle evaluated before the page
// the way Electron's sandbox runs it (test/electron/sandbox-preload.ts), and its ipcRenderer bridged through
// Playwright's exposeBinding to the real ipc.ts handlers (bindApi) over the real service. Every message passes
// through structuredClone as Electron's IPC does, so a Vue reactive object sent by the renderer fails here too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { EventName, WorkbenchApi, WorkbenchEvents } from '../../shared/api.js';
import { API_METHODS } from '../../shared/api.js';
import { bindApi, forwardEvents, type IpcReply } from '../../electron/ipc.js';
import { isAppUrl } from '../../electron/window-options.js';
import { ApiError } from '../../electron/services/errors.js';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import { FakeIpcMain } from '../electron/fake-electron.js';
import { buildPreload, sandboxedPreloadScript } from '../electron/sandbox-preload.js';
import { CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, snapshotRenderer } from './harness.js';

const INVOKE = '__mtlwIpcInvoke';
const DELIVER = '__mtlwIpcDeliver';
const EVENT_OUT = '__mtlwEventOut';

export interface IpcApp {
  appUrl: string;
  home: string;
  workbench: Workbench;
  context: BrowserContext;
  page: Page;
  /** The API as the page's window.workbench answers it (preload → IPC → ipc.ts → service), for Node-side checks. */
  api: WorkbenchApi;
  on<E extends EventName>(event: E, cb: (p: WorkbenchEvents[E]) => void): () => void;
  /** Channels invoked over the stand-in IPC, in order. */
  invoked: string[];
  errors: string[];
  shot(name: string): Promise<string>;
  goto(view: string): Promise<void>;
  close(): Promise<void>;
}

export interface IpcStartOptions {
  locale?: 'en' | 'zh';
  viewport?: { width: number; height: number };
  /** A built renderer to copy instead of dist/renderer. */
  renderer?: string;
}

export async function startIpcApp(opts: IpcStartOptions = {}): Promise<IpcApp> {
  const rendererDir = opts.renderer ? fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-ipc-renderer-')) : await snapshotRenderer();
  if (opts.renderer) fs.cpSync(opts.renderer, rendererDir, { recursive: true });
  const appUrl = pathToFileURL(path.join(rendererDir, 'index.html')).href;
  const preload = buildPreload();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-ipc-home-'));
  const workbench = createWorkbench({ home, transport: 'electron' });
  const ipcMain = new FakeIpcMain();
  const unbind = bindApi(ipcMain, workbench.api, { isTrustedSender: (url) => isAppUrl(url, appUrl) });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-ipc-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // file:// pages load their module scripts as Electron's file protocol allows
    args: [...CHROMIUM_ARGS.filter((a) => a !== '--headless'), '--allow-file-access-from-files'],
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    locale: opts.locale === 'zh' ? 'zh-CN' : 'en-US',
    deviceScaleFactor: 1,
  });
  const invoked: string[] = [];
  await context.exposeBinding(INVOKE, async (source, channel: string, args: unknown[]) => {
    invoked.push(channel);
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    return handler({ senderFrame: { url: source.frame.url() } }, ...args);
  });
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  await context.exposeBinding(EVENT_OUT, (_source, event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)));
  await context.addInitScript({ content: sandboxedPreloadScript(preload, { invoke: INVOKE, deliver: DELIVER }) });
  if (opts.locale) await context.addInitScript({ content: `if (!localStorage.getItem('mtlw-locale')) localStorage.setItem('mtlw-locale', ${JSON.stringify(opts.locale)});` });

  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => void d.accept());

  // webContents.send: in order, each message cloned in the page by the stand-in
  let sending = Promise.resolve();
  const stopEvents = forwardEvents(workbench.events, (channel, message) => {
    sending = sending.then(() => page.evaluate(([n, c, m]) => (window as unknown as Record<string, (c: string, m: unknown) => void>)[n]?.(c, m), [DELIVER, channel, message] as const)).catch(() => undefined);
  });

  await page.goto(appUrl);
  await page.waitForSelector('[data-testid="statusbar"]');

  const api = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of API_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const reply = (await page.evaluate(([m, a]) => (window as unknown as { workbench: Record<string, (...x: unknown[]) => Promise<unknown>> }).workbench[m](...a), [method, args] as const)) as IpcReply;
      if (!reply.ok) throw new ApiError(reply.error.code as ApiError['code'], reply.error.message);
      return reply.result;
    };
  }
  const subscribed = new Set<string>();

  return {
    appUrl,
    home,
    workbench,
    context,
    page,
    api: api as unknown as WorkbenchApi,
    on(event, cb) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(cb as (p: unknown) => void);
      if (!subscribed.has(event)) {
        subscribed.add(event);
        void page.evaluate(([e, out]) => {
          const w = window as unknown as { workbench: { on(e: string, l: (p: unknown) => void): void } } & Record<string, (e: string, p: unknown) => void>;
          w.workbench.on(e, (p) => w[out](e, p));
        }, [event, EVENT_OUT] as const);
      }
      return () => void listeners.get(event)!.delete(cb as (p: unknown) => void);
    },
    invoked,
    errors,
    async shot(name) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: file });
      return file;
    },
    async goto(view) {
      await page.click(`[data-testid="nav-${view}"]`);
      await page.waitForSelector(`[data-testid="view-${view}"]`);
    },
    async close() {
      stopEvents();
      await context.close().catch(() => undefined);
      unbind();
      await workbench.close().catch(() => undefined);
      for (const d of [profile, rendererDir, home]) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

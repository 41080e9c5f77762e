import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, WEB_PREFERENCES, hardenContents, hardenSession, isAppUrl, windowOptions } from '../../electron/window-options.js';
import { buildBridge } from '../../electron/preload-bridge.js';
import { API_METHODS } from '../../shared/api.js';

const root = path.resolve(import.meta.dirname, '../..');
const APP_URL = 'file:///opt/app/dist/renderer/index.html';

function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
}

describe("Electron security checklist, read from the app's own modules", () => {
  it('window: context isolation, sandbox, no Node integration anywhere, web security on, no webview', () => {
    const opts = windowOptions('/opt/app/out/electron/preload.cjs');
    expect(opts.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      preload: '/opt/app/out/electron/preload.cjs',
    });
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
  });

  it('CSP: strict, without unsafe-eval or remote sources', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d['default-src']).toEqual(["'self'"]);
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['base-uri']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:/);
    for (const sources of Object.values(d)) expect(sources).not.toContain('*');
    for (const src of d['connect-src']) expect(src === "'self'" || /^ws:\/\/(127\.0\.0\.1|localhost):\*$/.test(src)).toBe(true);
  });

  it('session: the CSP header on every response; every permission request and check denied', () => {
    let headersHook: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    let requestHandler: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let checkHandler: ((...a: unknown[]) => boolean) | undefined;
    hardenSession({
      webRequest: { onHeadersReceived: (fn: typeof headersHook) => (headersHook = fn) },
      setPermissionRequestHandler: (fn: typeof requestHandler) => (requestHandler = fn),
      setPermissionCheckHandler: (fn: typeof checkHandler) => (checkHandler = fn),
    } as never);
    let headers: Record<string, string[]> = {};
    headersHook!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['X-Other']).toEqual(['1']);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'usb']) {
      let granted: boolean | undefined;
      requestHandler!(null, permission, (ok) => (granted = ok));
      expect(granted, permission).toBe(false);
      expect(checkHandler!(null, permission, 'file://', {})).toBe(false);
    }
  });

  it('contents: navigation away denied, window.open denied, webviews refused', () => {
    const handlers = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    hardenContents({ on: (name: string, fn: never) => handlers.set(name, fn), setWindowOpenHandler: (fn: never) => (openHandler = fn) } as never, APP_URL);
    const navigate = (event: string, url: string) => {
      let prevented = false;
      handlers.get(event)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:1234/', 'javascript:alert(1)']) {
      expect(navigate('will-navigate', url), url).toBe(true);
      expect(navigate('will-redirect', url), url).toBe(true);
    }
    expect(navigate('will-navigate', APP_URL + '#/runs')).toBe(false);
    expect(openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: APP_URL })).toEqual({ action: 'deny' });
    expect(navigate('will-attach-webview', '')).toBe(true);
    expect(isAppUrl('file:///opt/app/dist/renderer/index.html?x#y', APP_URL)).toBe(true);
    expect(isAppUrl('file:///opt/app/dist/renderer/other.html', APP_URL)).toBe(false);
  });

  // main.ts's sandbox, hardening and sender check: run for real in startup.test.ts

  it('index.html carries the same CSP in a meta tag (file:// in Electron gets no header), less what a meta tag ignores', () => {
    const html = fs.readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta, 'meta CSP').not.toBeNull();
    const expected = directives(CONTENT_SECURITY_POLICY);
    delete expected['frame-ancestors'];
    expect(directives(meta![1])).toEqual(expected);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  });

  it('preload: exposes only window.workbench, built from typed methods, never raw ipcRenderer', () => {
    const src = fs.readFileSync(path.join(root, 'electron/preload.ts'), 'utf8');
    const exposures = [...src.matchAll(/exposeInMainWorld\(\s*'([^']+)'\s*,\s*([^)]*\))/g)];
    expect(exposures.map((m) => m[1])).toEqual(['workbench']);
    expect(exposures[0][2]).toMatch(/^buildBridge\(ipcRenderer[,)]/);
    const calls: string[] = [];
    const bridge = buildBridge({ invoke: async (c) => (calls.push(c), { ok: true, result: null }), on: () => {}, removeListener: () => {} });
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'on'].sort());
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });
});

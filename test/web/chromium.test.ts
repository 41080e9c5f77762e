// Web mode in a real browser: the page loads under its CSP with no violations, its socket passes the Origin
// check and receives events, and another site's page can neither read the API nor open the socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import { startWebServer, DEFAULT_RENDERER_DIR, type WebServer } from '../../electron/web/server.js';

const built = fs.existsSync(path.join(DEFAULT_RENDERER_DIR, 'index.html')) && fs.existsSync('/usr/bin/chromium');

let wb: Workbench;
let server: WebServer;
let browser: Browser;
let evil: http.Server;
let evilPort: number;
const evilCookies: string[] = [];

beforeAll(async () => {
  if (!built) return;
  wb = createWorkbench({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-chromium-')), transport: 'web' });
  server = await startWebServer({ workbench: wb });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // another site on this machine, as a malicious page in the user's browser would be
  evil = http.createServer((req, res) => {
    evilCookies.push(String(req.headers.cookie ?? ''));
    res.end('<!doctype html><title>evil</title>');
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  evilPort = (evil.address() as { port: number }).port;
});

afterAll(async () => {
  await browser?.close();
  evil?.close();
  await server?.close();
  await wb?.close();
});

describe.skipIf(!built)('web mode in Chromium', () => {
  it('loads the app under its CSP without violations, errors or failed requests', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
    const res = await page.goto(server.url);
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.waitForLoadState('networkidle');
    expect(await page.title()).toBe('MTL Workbench');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("the page's own socket passes the Origin check and receives pushed events", async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const received = page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const ws = new WebSocket(`ws://${location.host}/events?token=${sessionStorage.getItem('mtlw-token')}`);
          ws.onmessage = (m) => resolve(String(m.data));
          ws.onerror = () => reject(new Error('socket refused'));
        }),
    );
    await new Promise((r) => setTimeout(r, 500));
    wb.events.emit('runStatus', { runId: 'r-1', status: 'running' });
    expect(JSON.parse(await received)).toMatchObject({ event: 'runStatus', payload: { runId: 'r-1', status: 'running' } });
    await page.close();
  });

  it('the token leaves the address bar, stays out of cookies other ports receive, and a reload still works', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForLoadState('networkidle');
    expect(page.url()).not.toContain('token');
    expect(page.url()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/(#/\\w+)?$`));
    // another server on the same host receives this host's cookies (cookies ignore ports), never the token
    await page.goto(`http://127.0.0.1:${evilPort}/`);
    expect(evilCookies.at(-1)).toMatch(/mtlw_asset=/);
    expect(evilCookies.join('\n')).not.toContain(server.token);
    // back on the app's own URL without the token: the page and its API calls still work (the tab keeps it)
    const calls: number[] = [];
    page.on('response', (r) => r.url().includes('/api/') && calls.push(r.status()));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.waitForLoadState('networkidle');
    expect(await page.title()).toBe('MTL Workbench');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((s) => s === 200)).toBe(true);
    await page.close();
  });

  it('a page of another origin cannot call the API or open the socket, even knowing the token', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${evilPort}/`);
    const result = await page.evaluate(
      async ({ port, token }) => {
        const out: Record<string, string> = {};
        try {
          const r = await fetch(`http://127.0.0.1:${port}/api/listRuns`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mtlw-token': token }, body: '{"args":[]}' });
          out.fetch = `read ${r.status}`;
        } catch {
          out.fetch = 'blocked';
        }
        out.socket = await new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/events?token=${token}`);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        });
        return out;
      },
      { port: server.port, token: server.token },
    );
    expect(result).toEqual({ fetch: 'blocked', socket: 'refused' });
    await page.close();
  });
});

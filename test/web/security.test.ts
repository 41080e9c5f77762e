import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import fc from 'fast-check';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';
import { API_METHODS } from '../../shared/api.js';

let wb: Workbench;
let server: WebServer;
let base: string;
let secretPath: string;

/** A raw HTTP request, so that paths reach the server exactly as written (fetch would normalise ../). */
function raw(method: string, rawPath: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: rawPath, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let data = '';
      res.on('data', (d) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const call = (method: string, body: unknown, token: string | null = server.token) =>
  fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null ? { 'x-mtlw-token': token } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-web-'));
  const rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>MTL Workbench</title><script src="./assets/app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(rendererDir, '.env'), 'SECRET=dotfile');
  secretPath = path.join(tmp, 'secret.txt');
  fs.writeFileSync(secretPath, 'TOP SECRET');
  wb = createWorkbench({ home: path.join(tmp, 'home'), transport: 'web' });
  server = await startWebServer({ workbench: wb, rendererDir, bodyLimit: 64 * 1024 });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
  await wb?.close();
});

describe('web mode: token on every request and socket', () => {
  it('prints a loopback URL carrying a long random token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it('answers 401 to API calls without the token or with a wrong one', async () => {
    for (const token of [null, '', 'wrong', server.token.slice(0, -1), server.token + 'x']) {
      const res = await call('listRuns', { args: [] }, token);
      expect(res.status, `token ${JSON.stringify(token)}`).toBe(401);
      expect((await res.json()).error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/token/) });
    }
    // the token in the query string does not stand in for the header on the API
    expect((await fetch(`${base}/api/listRuns?token=${server.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"args":[]}' })).status).toBe(401);
    expect((await call('listRuns', { args: [] })).status).toBe(200);
  });

  it('answers 401 to the page and its files without the token, and lets the page in with it', async () => {
    expect((await raw('GET', '/')).status).toBe(401);
    expect((await raw('GET', '/assets/app.js')).status).toBe(401);
    expect((await raw('GET', '/?token=nope')).status).toBe(401);
    const page = await raw('GET', `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('MTL Workbench');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store'); // the URL carries the token: never cached
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await raw('GET', '/assets/app.js', { cookie })).status).toBe(200);
    // the cookie is not an API credential (no cross-site request can use it)
    expect((await raw('POST', '/api/listRuns', { cookie, 'content-type': 'application/json' }, '{"args":[]}')).status).toBe(401);
  });

  it('the page cookie is not the token: other servers on this host receive it, so it opens static files only', async () => {
    const page = await raw('GET', `/?token=${server.token}`);
    const [name, value] = String(page.headers['set-cookie']).split(';')[0].split('=');
    expect(name).toBe('mtlw_asset');
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(value).not.toBe(server.token);
    expect(String(page.headers['set-cookie'])).not.toContain(server.token);
    // the cookie's value used as the token opens neither the API nor the event socket
    expect((await call('listRuns', { args: [] }, value)).status).toBe(401);
    expect((await raw('GET', `/events?token=${value}`)).status).toBe(401);
    expect((await raw('GET', '/', { cookie: `mtlw_asset=${value}` })).status).toBe(200);
    expect((await raw('GET', '/', { cookie: `mtlw_asset=${server.token}` })).status).toBe(401);
  });

  it('checks Origin on every API request, as on the socket', async () => {
    const withOrigin = (origin: string) =>
      fetch(`${base}/api/listRuns`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mtlw-token': server.token, origin }, body: '{"args":[]}' });
    for (const origin of ['http://evil.com', `http://127.0.0.1:${server.port + 1}`, 'null', `https://127.0.0.1:${server.port}`]) {
      const res = await withOrigin(origin);
      expect(res.status, origin).toBe(401);
      expect((await res.json()).error.message).toBe(`Origin ${JSON.stringify(origin)} is not allowed: only pages served by this server (http://127.0.0.1:${server.port}) may call it.`);
    }
    expect((await withOrigin(`http://127.0.0.1:${server.port}`)).status).toBe(200);
    expect((await withOrigin(`http://localhost:${server.port}`)).status).toBe(200);
  });

  it('refuses a request whose Host is not this server (DNS rebinding)', async () => {
    const res = await raw('GET', `/?token=${server.token}`, { host: `evil.example:${server.port}` });
    expect(res.status).toBe(401);
  });

  it('refuses sockets without the token, with a wrong one, or from another origin', async () => {
    const attempt = (url: string, headers: Record<string, string> = {}) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.on('error', (e) => resolve('error ' + e.message));
      });
    const wsBase = `ws://127.0.0.1:${server.port}/events`;
    expect(await attempt(wsBase)).toBe('401');
    expect(await attempt(`${wsBase}?token=wrong`)).toBe('401');
    expect(await attempt(`${wsBase}?token=${server.token}`, { origin: 'http://evil.example' })).toBe('401');
    expect(await attempt(`${wsBase}?token=${server.token}`, { origin: `http://localhost:${server.port + 1}` })).toBe('401');
    expect(await attempt(`${wsBase}?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` })).toBe('open');
  });
});

describe('web mode: loopback only', () => {
  it('refuses to listen on a non-loopback address', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com', 'localhost.evil']) {
      await expect(startWebServer({ workbench: wb, host })).rejects.toThrow(/loopback only/);
    }
  });

  it('is not reachable on the machine’s other addresses', async () => {
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // no other interface on this machine
    const reached = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: external.address, port: server.port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    expect(reached).toBe(false);
  });
});

describe('web mode: bad requests', () => {
  it('400 with the schema error for malformed arguments', async () => {
    const res = await call('getRun', { args: [42] });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toMatch(/^getRun: id: .*expected string/);
    const res2 = await call('startRun', { args: [{ epochs: -1 }] });
    expect(res2.status).toBe(400);
    expect((await res2.json()).error.message).toMatch(/config\.epochs: .*>=1/);
  });

  it('400 for a body that is not { args: [...] } or not JSON', async () => {
    for (const body of ['{"args": 1}', '[1,2]', '"x"', '{not json', 'null']) {
      const res = await call('listRuns', body);
      expect(res.status, body).toBe(400);
      expect((await res.json()).error.code).toBe('invalid-argument');
    }
  });

  it('a "__proto__" key is refused by name, and text that is not JSON says so', async () => {
    const res = await call('listRuns', '{"args":[],"__proto__":{"polluted":true}}');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({
      code: 'invalid-argument',
      message: 'Malformed request: The body has a "__proto__" key, which is never accepted (it would change an object\'s prototype): remove or rename it.',
    });
    const nested = await call('saveDesign', '{"args":[{"name":"x","design":{"__proto__":{"nodes":[]}}}]}');
    expect((await nested.json()).error.message).toMatch(/"__proto__" key/);
    const bad = await call('listRuns', '{not json');
    expect((await bad.json()).error.message).toMatch(/^Malformed request: Body is not valid JSON: /);
  });

  it('404 for an unknown method', async () => {
    for (const m of ['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await call(m, { args: [] });
      expect(res.status, m).toBe(404);
      expect((await res.json()).error.code).toBe('not-found');
    }
  });

  it('413 for a body over the limit, before it is parsed', async () => {
    const res = await call('saveDesign', { args: [{ name: 'x'.repeat(100_000) }] });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/too large/);
  });

  it('serves files only from the renderer build: no path traversal, no dotfiles', async () => {
    const cookie = String((await raw('GET', `/?token=${server.token}`)).headers['set-cookie']).split(';')[0];
    const rel = path.relative('/', secretPath);
    const attempts = [
      '/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/assets/../../secret.txt',
      '/assets/..%2f..%2fsecret.txt', '/..\\secret.txt', '/%2e%2e%5csecret.txt', `/${'../'.repeat(12)}${rel}`,
      `/${'%2e%2e%2f'.repeat(12)}${rel}`, '/.env', '/%2eenv', '//etc/passwd', '/assets/%00app.js',
    ];
    for (const p of attempts) {
      const res = await raw('GET', p, { cookie });
      expect(res.body, p).not.toContain('TOP SECRET');
      expect(res.body, p).not.toContain('SECRET=dotfile');
      expect(res.status, p).toBeGreaterThanOrEqual(400);
    }
    const dot = await raw('GET', '/.env', { cookie });
    expect(dot.status).toBe(403);
    expect(JSON.parse(dot.body).error.message).toBe('Not served: /.env (files whose names start with a dot are never served).');
  });

  it('random API arguments always get a clear 400/404 ApiError, never a crash (property)', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...API_METHODS), fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 3 }), async (method, args) => {
        runs++;
        const res = await call(method, { args });
        const text = await res.text();
        const body = JSON.parse(text);
        if (res.status === 200) return; // some random arguments are valid (e.g. listRuns with null)
        expect([400, 404, 409, 422]).toContain(res.status);
        expect(body.error.code).not.toBe('internal');
        expect(body.error.message.length).toBeGreaterThan(10);
        expect(body.error.message.startsWith(method)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(runs).toBe(300);
    expect((await call('listRuns', { args: [] })).status).toBe(200); // still up
  });
});

describe('web mode: port in use', () => {
  it('says so and how to choose another', async () => {
    await expect(startWebServer({ workbench: wb, port: server.port })).rejects.toThrow(new RegExp(`Port ${server.port} on 127.0.0.1 is in use: choose another with --port N`));
  });
});

// Downloads with a sha256 check and progress, against a server on 127.0.0.1 only; and the
// Fashion-MNIST source falling back from local copies to the cache to a download.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download } from '../../electron/datasets/download.js';
import { DatasetError } from '../../electron/datasets/errors.js';
import { DatasetManager } from '../../electron/datasets/manager.js';
import { isolatedEnv, MemoryRepo, tempDir } from './helpers.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const { dir, cleanup } = tempDir();
const payload = Buffer.from(Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) & 255));
const routes = new Map<string, Buffer>();
let server: http.Server;
let base = '';
let requests: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url!);
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/file.bin' });
      return res.end();
    }
    if (req.url === '/cut') {
      res.writeHead(200, { 'content-length': String(payload.length) });
      res.write(payload.subarray(0, 1000));
      return setTimeout(() => res.destroy(), 20);
    }
    const body = req.url === '/file.bin' ? payload : routes.get(req.url!);
    if (!body) {
      res.writeHead(404);
      return res.end('not here');
    }
    res.writeHead(200, { 'content-length': String(body.length) });
    // In pieces, so that progress is reported more than once.
    let off = 0;
    const next = () => {
      if (off >= body.length) return res.end();
      res.write(body.subarray(off, off + 65536), next);
      off += 65536;
    };
    next();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  cleanup();
});

describe('download', () => {
  it('writes the file when the sha256 matches, reporting progress up to the total', async () => {
    const dest = path.join(dir, 'a', 'file.bin');
    const seen: [number, number][] = [];
    await download(`${base}/file.bin`, dest, { sha256: sha(payload), onProgress: (d, t) => seen.push([d, t]) });
    expect(readFileSync(dest).equals(payload)).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toEqual([payload.length, payload.length]);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThan(seen[i - 1][0]);
  });

  it('leaves nothing when the checksum does not match', async () => {
    const dest = path.join(dir, 'b', 'file.bin');
    const err = await download(`${base}/file.bin`, dest, { sha256: '0'.repeat(64) }).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toMatch(/checksum mismatch: sha256 [0-9a-f]{64}, expected 0{64}/);
    expect(readdirSync(path.dirname(dest))).toEqual([]);
  });

  it('follows redirects, tries the next URL after a 404, and reports every failure', async () => {
    const dest = path.join(dir, 'c', 'file.bin');
    await download([`${base}/missing`, `${base}/moved`], dest, { sha256: sha(payload) });
    expect(readFileSync(dest).equals(payload)).toBe(true);
    const err = await download([`${base}/missing`, `${base}/cut`], path.join(dir, 'd', 'x'), { sha256: sha(payload) }).catch((e) => e);
    expect(err.message).toMatch(/missing: HTTP 404/);
    expect(err.message).toMatch(/cut: /);
    expect(readdirSync(path.join(dir, 'd'))).toEqual([]);
  });
});

describe('Fashion-MNIST: local copy, else cache, else download', () => {
  const system = '/usr/share/datasets/fashion-mnist';
  const files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

  it('downloads into the cache (from a mirror with its checksums), then works offline from the cache', async () => {
    // Serve Debian's copy as the mirror. (Debian recompressed the files, so they have their own sha256.)
    const sums: Record<string, string> = {};
    for (const f of files) {
      const b = readFileSync(path.join(system, f));
      routes.set(`/fashion/${f}`, b);
      sums[f] = sha(b);
    }
    const dataDir = path.join(dir, 'home');
    const remotes = { 'fashion-mnist': { baseUrl: `${base}/fashion/`, sha256: sums } };
    const m = new DatasetManager({ dataDir, repo: new MemoryRepo(), env: isolatedEnv(), remotes });
    expect(m.listSources().find((s) => s.name === 'fashion-mnist')!.reason).toMatch(/will be downloaded/);
    requests = [];
    const phases = new Set<string>();
    let last = 0;
    const info = await m.createBuiltin({ source: 'fashion-mnist', options: { limit: 500 } }, (p) => {
      phases.add(p.phase.split(' ')[0]);
      if (p.phase.startsWith('download')) {
        expect(p.done).toBeGreaterThanOrEqual(last);
        last = p.done;
      }
    });
    expect(requests.sort()).toEqual(files.map((f) => `/fashion/${f}`).sort());
    expect([...phases]).toEqual(expect.arrayContaining(['download', 'read', 'write', 'done']));
    for (const f of files) expect(existsSync(path.join(dataDir, 'cache', 'fashion-mnist', f))).toBe(true);
    expect(info.rows).toBe(500);

    // Now offline: the mirror is gone, the cache serves.
    routes.clear();
    requests = [];
    const again = await m.createBuiltin({ source: 'fashion-mnist', options: { limit: 500 } });
    expect(requests).toEqual([]);
    expect(again.checksum).toBe(info.checksum);
    expect(m.listSources().find((s) => s.name === 'fashion-mnist')!).toMatchObject({ available: true });
  });

  it('a local copy wins: the env var, then the system folder; a named folder without the files is an error', async () => {
    const m = new DatasetManager({ dataDir: path.join(dir, 'home2'), repo: new MemoryRepo(), env: isolatedEnv({ MTLW_FASHION_MNIST_DIR: system }) });
    requests = [];
    const info = await m.createBuiltin({ source: 'fashion-mnist', options: { limit: 100 } });
    expect(requests).toEqual([]);
    expect(info.rows).toBe(100);
    const sys = new DatasetManager({ dataDir: path.join(dir, 'home4'), repo: new MemoryRepo(), env: { MTLW_SYSTEM_DATASETS_DIR: '/usr/share/datasets' } });
    const listed = sys.listSources().find((s) => s.name === 'fashion-mnist')!;
    expect(listed.available).toBe(true);
    expect(listed.reason).toBeUndefined();
    const fromSystem = await sys.createBuiltin({ source: 'fashion-mnist', options: { limit: 100 } });
    expect(fromSystem.checksum).toBe(info.checksum);
    expect(requests).toEqual([]);
    const bad = new DatasetManager({ dataDir: path.join(dir, 'home3'), repo: new MemoryRepo(), env: isolatedEnv({ MTLW_FASHION_MNIST_DIR: dir }) });
    await expect(bad.createBuiltin({ source: 'fashion-mnist' })).rejects.toThrow(/MTLW_FASHION_MNIST_DIR is set, but no Fashion-MNIST IDX files in/);
    await expect(m.createBuiltin({ source: 'fashion-mnist', options: { path: '/nowhere' } })).rejects.toThrow(/\/nowhere: no Fashion-MNIST IDX files/);
  });
});

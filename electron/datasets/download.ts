// Downloads a file to a destination with a sha256 check and progress; nothing is left at `dest`
// unless the bytes match. Tries each URL in turn (official source, then mirrors).
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { DatasetError } from './errors.js';

export interface DownloadOptions {
  sha256: string;
  onProgress?: (done: number, total: number) => void;
  /** No byte for this long = failure (default 30 s). */
  idleTimeoutMs?: number;
  maxRedirects?: number;
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return h.digest('hex');
}

function get(url: string, idleTimeoutMs: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : null;
    if (!mod) return reject(new Error(`unsupported protocol ${u.protocol}`));
    const req = mod.get(u, { headers: { 'user-agent': 'mtl-workbench' } }, resolve);
    req.setTimeout(idleTimeoutMs, () => req.destroy(new Error(`no response for ${idleTimeoutMs / 1000} s`)));
    req.on('error', reject);
  });
}

async function downloadOne(url: string, dest: string, opts: DownloadOptions): Promise<void> {
  const idle = opts.idleTimeoutMs ?? 30_000;
  let current = url;
  let res: http.IncomingMessage;
  for (let hops = 0; ; hops++) {
    res = await get(current, idle);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hops >= (opts.maxRedirects ?? 5)) throw new Error('too many redirects');
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new Error(`HTTP ${status}${res.statusMessage ? ' ' + res.statusMessage : ''}`);
    }
    break;
  }
  const total = Number(res.headers['content-length'] ?? 0) || 0;
  const part = `${dest}.part-${process.pid}`;
  const fh = await fsp.open(part, 'w');
  const hash = createHash('sha256');
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      res.setTimeout(idle, () => res.destroy(new Error(`stalled: no data for ${idle / 1000} s`)));
      let chain = Promise.resolve();
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        done += chunk.length;
        res.pause();
        chain = chain.then(() => fh.write(chunk)).then(() => {
          opts.onProgress?.(done, total || done);
          res.resume();
        }, (e) => { res.destroy(e); });
      });
      res.on('end', () => { chain.then(() => resolve(), reject); });
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('connection closed before the end')));
    });
    if (total && done !== total) throw new Error(`got ${done} of ${total} bytes`);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await fsp.rm(part, { force: true });
    throw e;
  }
  await fh.close();
  const sum = hash.digest('hex');
  if (sum !== opts.sha256.toLowerCase()) {
    await fsp.rm(part, { force: true });
    throw new Error(`checksum mismatch: sha256 ${sum}, expected ${opts.sha256}`);
  }
  await fsp.rename(part, dest);
}

/** Downloads to `dest` (its folder is created). Throws a DatasetError listing every URL's failure. */
export async function download(urls: string | string[], dest: string, opts: DownloadOptions): Promise<void> {
  const list = Array.isArray(urls) ? urls : [urls];
  await fsp.mkdir(path.dirname(dest), { recursive: true });
  const failures: string[] = [];
  for (const url of list) {
    try {
      await downloadOne(url, dest, opts);
      return;
    } catch (e) {
      failures.push(`${url}: ${(e as Error).message}`);
    }
  }
  throw new DatasetError(`download failed (${failures.join('; ')})`, { file: path.basename(dest), code: 'failed' });
}

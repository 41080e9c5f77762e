// Web mode's file picker: POST /api/upload streams a file into <data folder>/uploads/ under a generated name, with
// the token required and a size limit named in the refusal; the saved file can then be previewed (first rows, each
// column's detected type) and imported, even when --allow-dir names other folders only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFilePreview, UploadedFile } from '../../shared/api.js';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';

let tmp: string;
let home: string;
let wb: Workbench;
let server: WebServer;
const LIMIT = 4096;

const CSV = ['age,city,score,passed', ...Array.from({ length: 40 }, (_, i) => `${20 + i},${['Paris', 'Rome', 'Oslo'][i % 3]},${(i * 1.37).toFixed(2)},${i % 2 ? 'yes' : 'no'}`)].join('\n') + '\n';

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-upload-'));
  home = path.join(tmp, 'home');
  const elsewhere = path.join(tmp, 'elsewhere');
  fs.mkdirSync(elsewhere);
  wb = createWorkbench({ home, transport: 'web', allowDirs: [elsewhere] });
  server = await startWebServer({ workbench: wb, uploadLimit: LIMIT });
});

afterAll(async () => {
  await server?.close();
  await wb?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function upload(name: string, body: string | Uint8Array<ArrayBuffer>, token: string | null = server.token) {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (token !== null) headers['x-mtlw-token'] = token;
  const res = await fetch(`http://127.0.0.1:${server.port}/api/upload?name=${encodeURIComponent(name)}`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as { result?: UploadedFile; error?: { code: string; message: string } } };
}

async function call<T>(method: string, arg: unknown): Promise<{ status: number; result?: T; message?: string }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mtlw-token': server.token },
    body: JSON.stringify({ args: [arg] }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  return { status: res.status, result: body.result, message: body.error?.message };
}

const uploads = () => (fs.existsSync(path.join(home, 'uploads')) ? fs.readdirSync(path.join(home, 'uploads')) : []);

describe('web mode: file upload', () => {
  it('refuses an upload without the token or with a wrong one, and writes nothing', async () => {
    for (const token of [null, 'not-the-token']) {
      const r = await upload('a.csv', CSV, token);
      expect(r.status).toBe(401);
      expect(r.body.error?.message).toMatch(/Missing or wrong token/);
    }
    expect(uploads()).toEqual([]);
  });

  it('refuses a file over the limit with the limit in the message, and keeps no partial file', async () => {
    const r = await upload('big.csv', new Uint8Array(LIMIT + 1));
    expect(r.status).toBe(413);
    expect(r.body.error?.message).toBe(`uploadFile: "big.csv" is 4,097 bytes, over the upload limit of 4,096 bytes.`);
    expect(uploads()).toEqual([]);
  });

  it('refuses a streamed body (no length given) once it passes the limit, and removes what was written', async () => {
    const chunks = [new Uint8Array(3000), new Uint8Array(3000)];
    const body = new ReadableStream<Uint8Array>({ pull: (c) => (chunks.length ? c.enqueue(chunks.shift()!) : c.close()) });
    const res = await fetch(`http://127.0.0.1:${server.port}/api/upload?name=stream.csv`, {
      method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-mtlw-token': server.token }, body, duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^uploadFile: upload "stream.csv" is larger than the limit of 4,096 bytes/);
    expect(uploads()).toEqual([]);
  });

  it('saves the file under a generated name in <home>/uploads (never a path the browser chose)', async () => {
    const r = await upload('../../evil/..\\.hidden name.csv', CSV);
    expect(r.status).toBe(200);
    const saved = r.body.result!;
    expect(path.dirname(saved.path)).toBe(path.join(home, 'uploads'));
    expect(path.basename(saved.path)).toMatch(/^[0-9a-f]{12}-hidden_name\.csv$/);
    expect(saved.bytes).toBe(Buffer.byteLength(CSV));
    expect(fs.readFileSync(saved.path, 'utf8')).toBe(CSV);
    expect(fs.existsSync(path.join(tmp, 'evil'))).toBe(false);
  });

  it('previews the uploaded file (first rows, detected types) and imports it though --allow-dir names another folder', async () => {
    const saved = (await upload('people.csv', CSV)).body.result!;
    const p = await call<ImportFilePreview>('previewImportFile', { path: saved.path, rows: 3 });
    expect(p.status).toBe(200);
    expect(p.result!.header).toBe(true);
    expect(p.result!.rows).toEqual([['20', 'Paris', '0.00', 'no'], ['21', 'Rome', '1.37', 'yes'], ['22', 'Oslo', '2.74', 'no']]);
    expect(p.result!.columns).toEqual([
      { name: 'age', kind: 'numeric', task: 'regression' },
      { name: 'city', kind: 'categorical', task: 'multiclass' },
      { name: 'score', kind: 'numeric', task: 'regression' },
      { name: 'passed', kind: 'categorical', task: 'binary' },
    ]);
    const info = await call<{ tasks: { name: string; kind: string }[] }>('importDataset', { kind: 'csv', path: saved.path, name: 'people', tasks: ['passed', 'city'] });
    expect(info.status).toBe(200);
    expect(info.result!.tasks.map((t) => [t.name, t.kind])).toEqual([['passed', 'binary'], ['city', 'multiclass']]);
  });

  it('still refuses a preview of a file outside the allowed folders', async () => {
    const r = await call('previewImportFile', { path: '/etc/passwd' });
    expect(r.status).toBe(400);
    expect(r.message).toMatch(/^previewImportFile: option path: \/etc\/passwd is outside the folders this server may read/);
  });
});

// Web mode reads files only under the folders allowed when it was started (`serve --allow-dir`, default: the data
// folder and the current folder): /etc/passwd, a server folder, a symlink out, an image list pointing out, all
// refused with 400 naming the option and saying how to allow a folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../../electron/datasets/image.js';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';
import { BIN } from '../cli/helpers.js';

let tmp: string;
let allowed: string;
let outside: string;
let wb: Workbench;
let server: WebServer;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-allow-'));
  allowed = path.join(tmp, 'allowed');
  outside = path.join(tmp, 'outside');
  fs.mkdirSync(allowed);
  fs.mkdirSync(outside);
  wb = createWorkbench({ home: path.join(tmp, 'home'), transport: 'web', allowDirs: [allowed] });
  server = await startWebServer({ workbench: wb });
});

afterAll(async () => {
  await server?.close();
  await wb?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function call(method: string, arg: unknown): Promise<{ status: number; message?: string }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mtlw-token': server.token },
    body: JSON.stringify({ args: [arg] }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  return { status: res.status, message: body.error?.message };
}

const outsideMsg = (option: string, file: string) =>
  `option ${option}: ${file} is outside the folders this server may read (${fs.realpathSync(allowed)}, ${path.join(fs.realpathSync(tmp), 'home', 'uploads')}); start \`mtl-workbench serve\` with --allow-dir DIR to allow another folder`;

describe('web mode: --allow-dir', () => {
  it('refuses /etc/passwd as a CSV, naming the option and how to allow a folder', async () => {
    const r = await call('importDataset', { kind: 'csv', path: '/etc/passwd', delimiter: ':', header: false, tasks: ['col7'], name: 'pw' });
    expect(r.status).toBe(400);
    expect(r.message).toBe(`importDataset: ${outsideMsg('path', '/etc/passwd')}`);
    expect(await wb.api.listDatasets()).toEqual([]);
  });

  it('refuses IDX files and a built-in source folder outside, and a symlink that points out', async () => {
    expect((await call('importDataset', { kind: 'idx', images: '/etc/hostname', labels: [path.join(allowed, 'l.idx')], name: 'i' })).message).toContain(outsideMsg('images', '/etc/hostname'));
    expect((await call('importDataset', { kind: 'idx', images: path.join(allowed, 'i.idx'), labels: ['/etc/hostname'], name: 'i' })).message).toContain(outsideMsg('labels[0]', '/etc/hostname'));
    const builtin = await call('createBuiltinDataset', { source: 'mnist', options: { path: '/usr/share' } });
    expect(builtin.status).toBe(400);
    expect(builtin.message).toContain(outsideMsg('path', '/usr/share'));
    const link = path.join(allowed, 'link.csv');
    fs.symlinkSync('/etc/passwd', link);
    const viaLink = await call('importDataset', { kind: 'csv', path: link, delimiter: ':', header: false, tasks: ['col7'], name: 'pw' });
    expect(viaLink.status).toBe(400);
    expect(viaLink.message).toMatch(/is outside the folders this server may read/);
  });

  it('refuses an image list inside that names an image outside, and imports what is inside', async () => {
    const png = encodePng(new Uint8Array(4 * 4).fill(200), 4, 4, 1);
    fs.writeFileSync(path.join(outside, 'o.png'), png);
    for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(allowed, `a${i}.png`), png);
    const list = path.join(allowed, 'list.csv');
    fs.writeFileSync(list, `path,label\na0.png,0\na1.png,1\n${path.join(outside, 'o.png')},0\na2.png,1\n`);
    const r = await call('importDataset', { kind: 'image-list', path: list, pathColumn: 'path', tasks: ['label'], name: 'l' });
    expect(r.status).toBe(400);
    expect(r.message).toContain(`${list}, line 4, column 1 ("path"): ${path.join(outside, 'o.png')} is outside the folders this server may read`);
    fs.writeFileSync(list, 'path,label\na0.png,0\na1.png,1\na2.png,0\na3.png,1\n');
    expect((await call('importDataset', { kind: 'image-list', path: list, pathColumn: 'path', tasks: ['label'], name: 'l' })).status).toBe(200);
  });

  it('serve allows the data folder and the current folder by default, and says so', async () => {
    const home = path.join(tmp, 'serve-home');
    const cwd = fs.mkdtempSync(path.join(tmp, 'cwd-'));
    for (const [extra, want] of [[[], [home, cwd]], [['--allow-dir', outside], [outside]]] as const) {
      const child = spawn(process.execPath, [BIN, 'serve', '--home', home, '--json', ...extra], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      const printed = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.trim().endsWith('}')) resolve(out);
        });
        child.on('error', reject);
        child.on('exit', () => resolve(out));
      });
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
      expect((JSON.parse(printed) as { allowDirs: string[] }).allowDirs).toEqual(want);
    }
  });
});

// `npm run dist` as far as it goes without Electron's binary: electron-builder packs the app (--dir) around a
// stand-in Electron distribution (electronDist), native rebuild off (it needs Electron's headers). The packed app
// is then run under Node with the thinnest stand-in for the `electron` module: its main bundle starts, opens the
// store, answers the page's calls over the IPC handlers, and trains a run with the packed worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ensureRendererBuilt } from '../e2e/harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(p: string): string[]; extractAll(p: string, dest: string): void };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-package-'));
const appDir = path.join(work, 'app');
let resources = '';

beforeAll(() => {
  ensureRendererBuilt();
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-electron.js'), '--no-sourcemap'], { cwd: ROOT, stdio: 'pipe' });
  const dist = path.join(work, 'electron-dist');
  fs.mkdirSync(dist);
  fs.writeFileSync(path.join(dist, 'electron'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const out = path.join(work, 'release');
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/electron-builder/cli.js'), '--dir', '--linux', '--config', 'electron-builder.yml', `-c.electronDist=${dist}`, '-c.npmRebuild=false', `-c.directories.output=${out}`],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  if (r.status !== 0) throw new Error(`electron-builder failed:\n${r.stdout}\n${r.stderr}`);
  resources = path.join(out, 'linux-unpacked', 'resources');
  // the archive and its unpacked files, merged into one folder as Electron's asar support presents them
  asar.extractAll(path.join(resources, 'app.asar'), appDir);
  fs.cpSync(path.join(resources, 'app.asar.unpacked'), appDir, { recursive: true });
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("npm run dist's app (electron-builder --dir, stand-in Electron distribution)", () => {
  it('packs the bundles, the page and the production packages; native modules outside the archive', () => {
    const files = new Set(asar.listPackage(path.join(resources, 'app.asar')).map((f) => f.replace(/\\/g, '/')));
    for (const f of ['/package.json', '/out/electron/main.cjs', '/out/electron/preload.cjs', '/out/electron/worker.cjs', '/dist/renderer/index.html', '/node_modules/@tensorflow/tfjs/package.json', '/node_modules/@tensorflow/tfjs-backend-wasm/package.json']) {
      expect(files.has(f), f).toBe(true);
    }
    for (const f of ['/node_modules/electron/package.json', '/node_modules/vitest/package.json', '/out/electron/main.cjs.map']) expect(files.has(f), f).toBe(false);
    expect(fs.existsSync(path.join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'))).toMatchObject({ productName: 'MTL Workbench', main: 'out/electron/main.cjs' });
  });

  it('its main bundle starts on the stand-in, serves the page over the IPC handlers, and trains with the packed worker', () => {
    const userData = path.join(work, 'user-data');
    const r = spawnSync(process.execPath, ['-r', path.join(import.meta.dirname, 'electron-main-stand-in.cjs'), path.join(appDir, 'out/electron/main.cjs')], {
      cwd: appDir,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, STANDIN_PACKAGED: '1', STANDIN_APP_PATH: appDir, STANDIN_USERDATA: userData, MTLW_HOME: '', MTLW_SQLITE_BINDING: '' },
    });
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line, `${r.stdout}\n${r.stderr}`).toBeDefined();
    const result = JSON.parse(line!.slice('RESULT '.length));
    expect(result.error).toBeUndefined();
    expect(result.pageUrl).toBe(pathToFileURL(path.join(appDir, 'dist/renderer/index.html')).href);
    expect(result.preload).toBe(path.join(appDir, 'out/electron/preload.cjs'));
    expect(result.sandbox).toBe(true);
    expect(result.info).toMatchObject({ transport: 'electron', dataDir: userData });
    expect(result.run).toMatchObject({ status: 'completed', backend: result.info.backend });
    expect(r.stdout).toContain('EXIT 0 []'); // closed cleanly on quit, no error dialog
    expect(fs.existsSync(path.join(userData, 'workbench.db'))).toBe(true);
    expect(fs.readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8')).toContain(`data folder ${userData}`);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { API_METHODS } from '../../shared/api.js';
import type { RunConfig } from '../../shared/run.js';
import { IPC_EVENT_CHANNEL } from '../../shared/transport.js';
import { bindApi } from '../../electron/ipc.js';
import { createWorkbench } from '../../electron/services/workbench.js';
import { createLocalExecutor } from '../../electron/engine/executor.js';
import { ROOT, sandboxedPreloadScript } from './sandbox-preload.js';
import { FakeIpcMain } from './fake-electron.js';

// inside the repository, so the bundles' external packages resolve from node_modules as they do in out/electron
fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true });
const out = fs.mkdtempSync(path.join(ROOT, 'out', 'bundle-test-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** Runs a preload bundle in a fresh context as Electron's sandbox does; returns what it exposed and the errors. */
async function runSandboxed(preload: string) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-preload-home-'));
  const wb = createWorkbench({ home, transport: 'electron' });
  const ipcMain = new FakeIpcMain();
  bindApi(ipcMain, wb.api, { isTrustedSender: (url) => url === 'file:///app/index.html' });
  let deliver: ((channel: string, message: unknown) => void) | undefined;
  const host = {
    invoke: (channel: string, args: unknown[]) => ipcMain.handlers.get(channel)!({ senderFrame: { url: 'file:///app/index.html' } }, ...args),
    onDeliver: (fn: typeof deliver) => (deliver = fn),
  };
  const context = vm.createContext({ structuredClone, setTimeout, clearTimeout, console, host });
  context.window = context;
  // the page script's host: our Node objects stand in for the page's bindings
  const script = sandboxedPreloadScript(preload, { invoke: '__invoke', deliver: '__deliver' });
  context.__invoke = host.invoke;
  let error: unknown;
  try {
    vm.runInContext(script, context, { filename: 'preload.cjs' });
  } catch (err) {
    error = err;
  }
  deliver = context.__deliver;
  return { exposed: context.workbench as Record<string, (...a: unknown[]) => unknown> | undefined, error, deliver, close: () => wb.close().then(() => fs.rmSync(home, { recursive: true, force: true })) };
}

describe('scripts/build-electron.js', () => {
  it('bundles main, preload and worker; native modules stay outside the main bundle', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-electron.js'), '--no-sourcemap', `--outdir=${out}`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const name of ['main', 'preload', 'worker']) expect(fs.existsSync(path.join(out, `${name}.cjs`)), name).toBe(true);
    const main = fs.readFileSync(path.join(out, 'main.cjs'), 'utf8');
    expect(main).toMatch(/require\(["']better-sqlite3["']\)/);
    expect(main).not.toMatch(/require\(["']\.\.?\//);
  });

  it('the bundled worker trains on the backend the app reports (one TensorFlow.js instance, not a second copy in the bundle)', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-worker-home-'));
    const wb = createWorkbench({ home, transport: 'electron', executor: () => createLocalExecutor({ workerPath: path.join(out, 'worker.cjs') }) });
    try {
      const info = await wb.api.getSystemInfo();
      const ds = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'tiny', options: { rows: 300, dim: 8, p: 0.5 }, seed: 1 });
      const design = await wb.api.buildTemplate({ template: 'mmoe', datasetIds: [ds.id] });
      const started = await wb.api.startRun({ design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, epochs: 1, batchSize: 32, maxStepsPerEpoch: 3, weighting: { name: 'ew', params: {} }, seed: 1 } as unknown as RunConfig);
      const id = started.runIds[0];
      await expect.poll(async () => (await wb.api.getRun(id)).status, { timeout: 180_000, interval: 500 }).toBe('completed');
      expect((await wb.api.getRun(id)).backend).toBe(info.backend);
    } finally {
      await wb.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('the preload runs in the sandbox: only require("electron"), no __filename; it exposes window.workbench and talks over IPC', async () => {
    const preload = fs.readFileSync(path.join(out, 'preload.cjs'), 'utf8');
    // any quoting: the sandbox resolves nothing but 'electron'
    expect([...new Set([...preload.matchAll(/require\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2]))]).toEqual(['electron']);
    const run = await runSandboxed(preload);
    try {
      expect(run.error).toBeUndefined();
      expect(Object.keys(run.exposed ?? {}).sort()).toEqual([...API_METHODS, 'on', 'pathForFile'].sort());
      const info = (await run.exposed!.getSystemInfo()) as { ok: boolean; result: { transport: string } };
      expect(info).toMatchObject({ ok: true, result: { transport: 'electron' } });
      const missing = (await run.exposed!.getDesign('nope')) as { ok: boolean; error: { code: string } };
      expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
      const seen: unknown[] = [];
      run.exposed!.on('runStatus', (p: unknown) => seen.push(p));
      run.deliver!(IPC_EVENT_CHANNEL, { event: 'runStatus', payload: { runId: 'r', status: 'running' } });
      expect(seen).toEqual([{ runId: 'r', status: 'running' }]);
    } finally {
      await run.close();
    }
  });

  it('a preload that reads __filename (as the old banner did) fails in the same sandbox: the check can fail', async () => {
    const run = await runSandboxed(`const u = require('node:url').pathToFileURL(__filename).href;\nrequire('electron').contextBridge.exposeInMainWorld('workbench', { u });`);
    try {
      expect(String(run.error)).toMatch(/module not found: node:url|__filename is not defined/);
      expect(run.exposed).toBeUndefined();
    } finally {
      await run.close();
    }
  });
});

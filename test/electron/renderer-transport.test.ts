// @vitest-environment happy-dom
// renderer/api.ts on the Electron transport: every argument crosses as a plain copy (a Vue reactive object would
// not survive Electron's structured clone), and a failure comes back as an ApiError with its code.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reactive } from 'vue';
import type { Design } from '../../shared/design.js';
import { IPC_EVENT_CHANNEL } from '../../shared/transport.js';
import { bindApi } from '../../electron/ipc.js';
import { buildBridge } from '../../electron/preload-bridge.js';
import { createWorkbench } from '../../electron/services/workbench.js';
import { ApiError, getBridge } from '../../renderer/api.js';
import { FakeIpcMain, FakeIpcRenderer } from './fake-electron.js';

const APP = 'file:///app/dist/renderer/index.html';
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-renderer-transport-'));
const wb = createWorkbench({ home, transport: 'electron' });
const ipcMain = new FakeIpcMain();
bindApi(ipcMain, wb.api, { isTrustedSender: (url) => url.startsWith(APP) });
const ipcRenderer = new FakeIpcRenderer(ipcMain, APP);
const preload = buildBridge(ipcRenderer) as unknown as Record<string, (...a: unknown[]) => unknown>;
// contextBridge's copy of window.workbench: each argument copied (structured clone), functions passed through
const exposed = Object.fromEntries(
  Object.entries(preload).map(([k, f]) => [k, (...args: unknown[]) => f(...args.map((a) => (typeof a === 'function' ? a : structuredClone(a))))]),
);
(window as unknown as { workbench: unknown }).workbench = Object.freeze(exposed);
afterAll(async () => {
  await wb.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const design = (): Design => ({ version: 1, name: 'reactive', nodes: [], edges: [] });

describe('renderer/api.ts over the Electron bridge', () => {
  it('picks the Electron transport when the preload exposed window.workbench', () => {
    expect(getBridge().transport).toBe('electron');
  });

  it('sends reactive store state as plain copies; the same object sent raw is refused, as Electron refuses it', async () => {
    const state = reactive({ name: 'from a store', design: design() });
    expect(() => (exposed.saveDesign as (a: unknown) => Promise<unknown>)(state)).toThrow(/could not be cloned/);
    const saved = await getBridge().api.saveDesign(state);
    expect((await wb.api.getDesign(saved.id)).name).toBe('from a store');
    const ids = reactive(['a', 'b']);
    await expect(getBridge().api.buildTemplate({ template: 'mmoe', datasetIds: ids })).rejects.toBeInstanceOf(ApiError); // unknown datasets: refused by the service, not by the clone
  });

  it('a failure is an ApiError with the code the service gave', async () => {
    const err = await getBridge().api.getDesign('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not-found', message: "getDesign: Design 'missing' does not exist." });
  });

  it('pushed events reach listeners', () => {
    const seen: unknown[] = [];
    const off = getBridge().on('runStatus', (p) => seen.push(p));
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, { event: 'runStatus', payload: { runId: 'r', status: 'running' } });
    off();
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, { event: 'runStatus', payload: { runId: 'r', status: 'completed' } });
    expect(seen).toEqual([{ runId: 'r', status: 'running' }]);
  });
});

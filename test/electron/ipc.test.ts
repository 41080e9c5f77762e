import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { API_METHODS, type ApiMethod } from '../../shared/api.js';
import { IPC_CHANNEL_PREFIX } from '../../shared/transport.js';
import { bindApi, forwardEvents, type IpcReply } from '../../electron/ipc.js';
import { buildBridge } from '../../electron/preload-bridge.js';
import { isAppUrl } from '../../electron/window-options.js';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import { FakeIpcMain, FakeIpcRenderer } from './fake-electron.js';

const APP_URL = 'file:///opt/MTL%20Workbench/resources/app.asar/dist/renderer/index.html';

let wb: Workbench;
let ipcMain: FakeIpcMain;
let renderer: FakeIpcRenderer;

beforeAll(() => {
  wb = createWorkbench({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-ipc-')), transport: 'electron' });
  ipcMain = new FakeIpcMain();
  bindApi(ipcMain, wb.api, { isTrustedSender: (url) => isAppUrl(url, APP_URL) });
  renderer = new FakeIpcRenderer(ipcMain, APP_URL + '#/designer');
});
afterAll(async () => {
  await wb.close();
});

/** Invokes a channel directly (as a compromised or buggy page could) and returns the envelope. */
const invoke = (method: string, args: unknown[], from: FakeIpcRenderer = renderer) => from.invoke(IPC_CHANNEL_PREFIX + method, ...args) as Promise<IpcReply>;

/** Arguments that are wrong for each verb. */
const MALFORMED: Record<ApiMethod, unknown[][]> = Object.fromEntries(
  API_METHODS.map((m) => [m, [[42, 'extra', 'args'], [{ nested: { deep: [1, 2, 3] } }, null, 7], [new Date(0), new Map([[1, 2]])]]]),
) as Record<ApiMethod, unknown[][]>;
MALFORMED.getRun.push([], [''], [null], ['x'.repeat(10_000)]);
MALFORMED.startRun.push([], [{}], [{ epochs: 'three' }]);
MALFORMED.saveDesign.push([{ name: 'x' }], [{ name: 'x', design: { version: 1, name: 'x', nodes: 'none', edges: [] } }]);
MALFORMED.compareRuns.push([{ runIds: [] }], [{ runIds: 'abc' }]);
MALFORMED.getRunCurves.push([{ runIds: [] }], [{ runIds: ['a'], splits: ['holdout'] }], [{ runIds: ['a'], tasks: [] }]);
MALFORMED.listRuns.push([{ status: 'sleeping' }], ['all']);
MALFORMED.importDataset.push([{ kind: 'csv', path: '', name: 'n', tasks: [] }], [{ kind: 'parquet' }]);

describe('IPC: every handler behind the sender check and the argument schema', () => {
  it('binds one channel per API verb', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => IPC_CHANNEL_PREFIX + m).sort());
  });

  it('rejects malformed arguments on every handler with a clear invalid-argument error, never a crash', async () => {
    for (const method of API_METHODS) {
      for (const args of MALFORMED[method]) {
        const reply = await invoke(method, args);
        expect(reply.ok, `${method}(${JSON.stringify(args).slice(0, 80)})`).toBe(false);
        if (reply.ok) continue;
        expect(reply.error.code).toBe('invalid-argument');
        expect(reply.error.message.startsWith(`${method}: `)).toBe(true);
        expect(reply.error.message.length).toBeGreaterThan(method.length + 10);
      }
    }
  });

  it('random arguments always get a clear answer (property, 400 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...API_METHODS), fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 3 }), async (method, args) => {
        const reply = await invoke(method, args);
        if (reply.ok) return;
        expect(['invalid-argument', 'not-found', 'conflict', 'failed']).toContain(reply.error.code);
        expect(reply.error.message.startsWith(method)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses calls from any frame that is not the app page', async () => {
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', 'devtools://devtools/bundled/x.html', '', null]) {
      const stranger = new FakeIpcRenderer(ipcMain, url);
      for (const method of API_METHODS) {
        const reply = await invoke(method, [], stranger);
        expect(reply, `${method} from ${url}`).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      }
    }
  });
});

describe('preload bridge over the stand-in IPC', () => {
  it('exposes one method per verb plus on(), frozen, and nothing else', () => {
    const bridge = buildBridge(renderer);
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'on'].sort());
    for (const k of Object.keys(bridge)) expect(typeof (bridge as unknown as Record<string, unknown>)[k]).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge)).not.toContain('invoke');
    expect(Object.keys(bridge)).not.toContain('send');
  });

  it('round-trips calls; failures come back as envelopes with code and message (an Error would lose its code on the bridge)', async () => {
    const bridge = buildBridge(renderer);
    const saved = await bridge.saveDesign({ name: '多任务', design: { version: 1, name: 'x', nodes: [], edges: [] } });
    expect(saved.ok).toBe(true);
    const id = saved.ok ? saved.result.id : '';
    expect(await bridge.getDesign(id)).toMatchObject({ ok: true, result: { name: '多任务' } });
    expect(await bridge.getDesign('missing')).toEqual({ ok: false, error: { code: 'not-found', message: "getDesign: Design 'missing' does not exist." } });
    expect(await (bridge.getRun as (a: unknown) => Promise<unknown>)(5)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/^getRun: id: /) } });
    // a value IPC cannot clone fails in the renderer, as in Electron, and the main side stays up
    await expect((bridge.saveDesign as (a: unknown) => Promise<unknown>)({ name: 'f', design: () => 1 })).rejects.toThrow(/could not be cloned/);
    expect(await bridge.listDesigns()).toMatchObject({ ok: true, result: expect.any(Array) });
  });

  it('delivers pushed events to on() listeners and stops after unsubscribe', () => {
    const bridge = buildBridge(renderer);
    const off = forwardEvents(wb.events, (channel, message) => renderer.deliver(channel, message));
    const seen: unknown[] = [];
    const unsubscribe = bridge.on('runStatus', (p) => seen.push(p));
    wb.events.emit('runStatus', { runId: 'r1', status: 'running' });
    wb.events.emit('runProgress', { runId: 'r1', epoch: 1, epochs: 2, step: 1, stepsPerEpoch: 3, samplesPerSec: 10, etaSec: 1, losses: {} });
    unsubscribe();
    wb.events.emit('runStatus', { runId: 'r1', status: 'completed' });
    off();
    expect(seen).toEqual([{ runId: 'r1', status: 'running' }]);
    expect(() => bridge.on('nope' as never, () => {})).toThrow(/Unknown event/);
  });
});

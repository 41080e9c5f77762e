// The main process's start-up (electron/shell/startup.ts) run without Electron's binary: Electron's objects
// replaced by the thinnest stand-ins, everything else real (SQLite file, the API over the stand-in IPC).
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import { API_METHODS } from '../../shared/api.js';
import { IPC_CHANNEL_PREFIX } from '../../shared/transport.js';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import { fileLog } from '../../electron/shell/log.js';
import { shellPaths, startShell, TITLES, type ShellDeps, type ShellStart, type WindowLike } from '../../electron/shell/startup.js';
import { SQLITE_BINDING_ENV } from '../../electron/shell/native-binding.js';
import { FakeIpcMain } from './fake-electron.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE_SQLITE = path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const temps: string[] = [];
const tmp = (p: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  temps.push(d);
  return d;
};
const opened: Workbench[] = [];
afterEach(async () => {
  for (const wb of opened.splice(0)) await wb.close();
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** An app folder laid out as the package is: out/electron (the main bundle's folder), dist/renderer, node_modules. */
function appFolder(): { dir: string; mainDir: string } {
  const dir = tmp('mtlw-app-');
  fs.mkdirSync(path.join(dir, 'out/electron'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'dist/renderer'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist/renderer/index.html'), '<!doctype html><title>x</title>');
  fs.mkdirSync(path.join(dir, 'node_modules/better-sqlite3'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'node_modules/better-sqlite3/package.json'), path.join(dir, 'node_modules/better-sqlite3/package.json'));
  return { dir, mainDir: path.join(dir, 'out/electron') };
}

class FakeWindow implements WindowLike {
  handlers = new Map<string, (...a: never[]) => void>();
  sent: unknown[] = [];
  loaded: string[] = [];
  shown = false;
  webContents = {
    on: (event: string, l: (...a: never[]) => void) => this.handlers.set(event, l),
    send: (channel: string, message: unknown) => void this.sent.push({ channel, message }),
  } as WindowLike['webContents'];
  constructor(public options: BrowserWindowConstructorOptions) {}
  isDestroyed = () => false;
  isMinimized = () => false;
  restore() {}
  focus() {}
  show() {
    this.shown = true;
  }
  on(event: string, l: () => void) {
    this.handlers.set(event, l);
  }
  once(event: string, l: () => void) {
    this.handlers.set(event, l);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
  }
  fire(event: string, ...args: unknown[]) {
    (this.handlers.get(event) as (...a: unknown[]) => void)(...args);
  }
}

interface Harness {
  deps: ShellDeps;
  dialogs: { title: string; message: string }[];
  windows: FakeWindow[];
  appEvents: Map<string, (...a: unknown[]) => void>;
  exitCode: number | undefined;
  quit: boolean;
  sandboxed: boolean;
  ipcMain: FakeIpcMain;
  logFile: string;
}

function harness(o: { mainDir: string; appDir: string; argv?: string[]; env?: NodeJS.ProcessEnv; lock?: boolean; isPackaged?: boolean }): Harness {
  const userData = tmp('mtlw-userdata-');
  const logs = tmp('mtlw-logs-');
  const h = { dialogs: [], windows: [], appEvents: new Map(), exitCode: undefined, quit: false, sandboxed: false, ipcMain: new FakeIpcMain(), logFile: path.join(logs, 'main.log') } as unknown as Harness;
  h.deps = {
    app: {
      isPackaged: o.isPackaged ?? false,
      enableSandbox: () => void (h.sandboxed = true),
      requestSingleInstanceLock: () => o.lock ?? true,
      whenReady: async () => undefined,
      getPath: (name) => (name === 'userData' ? userData : logs),
      getAppPath: () => o.appDir,
      quit: () => void (h.quit = true),
      exit: (code) => void (h.exitCode = code),
      on: (event, l) => h.appEvents.set(event, l as never),
    },
    createWindow: (options) => {
      const w = new FakeWindow(options);
      h.windows.push(w);
      return w;
    },
    windowCount: () => h.windows.length,
    dialog: { showErrorBox: (title, message) => void h.dialogs.push({ title, message }) },
    ipcMain: h.ipcMain,
    defaultSession: {
      webRequest: { onHeadersReceived: () => undefined },
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
    } as never,
    openWorkbench: (opts) => {
      const wb = createWorkbench(opts);
      opened.push(wb);
      return wb;
    },
    mainDir: o.mainDir,
    argv: o.argv ?? ['electron', o.appDir],
    env: o.env ?? { [SQLITE_BINDING_ENV]: NODE_SQLITE },
    log: fileLog(logs, { write: () => true }),
  };
  return h;
}

const running = (s: ShellStart) => {
  if (s.status !== 'running') throw new Error(`expected running, got ${JSON.stringify(s)}`);
  return s;
};

describe('main process start-up without the Electron binary', () => {
  it('opens the store with the given SQLite build, binds every verb behind the sender check, opens one hardened window on the page', async () => {
    const { dir, mainDir } = appFolder();
    const h = harness({ mainDir, appDir: dir });
    const s = running(await startShell(h.deps));
    expect(h.sandboxed).toBe(true);
    expect(s.home).toBe(h.deps.app.getPath('userData')); // Electron's userData by default
    expect([...h.ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => IPC_CHANNEL_PREFIX + m).sort());
    const pageUrl = pathToFileURL(path.join(dir, 'dist/renderer/index.html')).href;
    const call = (url: string) => h.ipcMain.handlers.get(IPC_CHANNEL_PREFIX + 'getSystemInfo')!({ senderFrame: { url } });
    expect(await call(pageUrl + '#/designer')).toMatchObject({ ok: true, result: { transport: 'electron', dataDir: s.home } });
    expect(await call('https://evil.example/')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(h.windows).toHaveLength(1);
    const w = h.windows[0];
    expect(w.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: path.join(mainDir, 'preload.cjs') });
    expect(w.loaded).toEqual([pageUrl]);
    w.fire('ready-to-show');
    expect(w.shown).toBe(true);
    // every web contents is hardened as it is created
    const hooks = new Map<string, unknown>();
    h.appEvents.get('web-contents-created')!({}, { on: (e: string, l: unknown) => hooks.set(e, l), setWindowOpenHandler: (l: unknown) => hooks.set('open', l) });
    expect([...hooks.keys()].sort()).toEqual(['open', 'will-attach-webview', 'will-navigate', 'will-redirect']);
    // pushed events reach the window
    s.workbench.events.emit('runStatus', { runId: 'r', status: 'running' });
    expect(w.sent).toEqual([{ channel: expect.any(String), message: { event: 'runStatus', payload: { runId: 'r', status: 'running' } } }]);
    expect(h.dialogs).toEqual([]);
  });

  it('data folder: --home wins, then MTLW_HOME, then Electron userData', async () => {
    const { dir, mainDir } = appFolder();
    const chosen = tmp('mtlw-chosen-');
    const viaArg = running(await startShell(harness({ mainDir, appDir: dir, argv: ['electron', dir, '--home', chosen] }).deps));
    expect(viaArg.home).toBe(chosen);
    const envHome = tmp('mtlw-envhome-');
    const viaEnv = running(await startShell(harness({ mainDir, appDir: dir, env: { [SQLITE_BINDING_ENV]: NODE_SQLITE, MTLW_HOME: envHome } }).deps));
    expect(viaEnv.home).toBe(envHome);
  });

  it('a second instance hands over and quits without opening the store or a window', async () => {
    const { dir, mainDir } = appFolder();
    const h = harness({ mainDir, appDir: dir, lock: false });
    expect(await startShell(h.deps)).toEqual({ status: 'second-instance' });
    expect(h.quit).toBe(true);
    expect(h.windows).toEqual([]);
    expect(h.ipcMain.handlers.size).toBe(0);
    expect(opened).toEqual([]);
  });

  it('a data folder that cannot be created: the data-folder dialog naming it, exit 1', async () => {
    const { dir, mainDir } = appFolder();
    const file = path.join(tmp('mtlw-notdir-'), 'a-file');
    fs.writeFileSync(file, 'x');
    const h = harness({ mainDir, appDir: dir, argv: ['electron', dir, '--home', path.join(file, 'sub')] });
    const s = await startShell(h.deps);
    expect(s.status).toBe('failed');
    expect(h.dialogs).toHaveLength(1);
    expect(h.dialogs[0].title).toBe(TITLES.dataFolder);
    expect(h.dialogs[0].message).toContain(path.join(file, 'sub'));
    expect(h.exitCode).toBe(1);
    expect(fs.readFileSync(h.logFile, 'utf8')).toContain(TITLES.dataFolder);
  });

  it('a SQLite build for another ABI: a dialog that says what to run, never the data-folder one', async () => {
    const { dir, mainDir } = appFolder();
    const wrong = path.join(tmp('mtlw-wrongabi-'), 'better_sqlite3.node');
    const bytes = fs.readFileSync(NODE_SQLITE);
    const at = bytes.indexOf(`node_register_module_v${process.versions.modules}`);
    expect(at).toBeGreaterThan(0);
    bytes.write('node_register_module_v999', at, 'latin1');
    fs.writeFileSync(wrong, bytes);
    for (const env of [{ [SQLITE_BINDING_ENV]: wrong }, {}]) {
      const h = harness({ mainDir, appDir: dir, env });
      const s = await startShell(h.deps);
      expect(s.status).toBe('failed');
      expect(h.dialogs.map((d) => d.title)).toEqual([TITLES.native]);
      expect(h.dialogs[0].message).toContain('node bin/start.js --prepare-native');
      expect(h.dialogs[0].message).toMatch(env[SQLITE_BINDING_ENV] ? /built for ABI 999/ : /has not been prepared yet/);
      expect(h.windows).toEqual([]);
    }
  });

  it('a SQLite module that fails to load is reported as the module, not the data folder', async () => {
    const { dir, mainDir } = appFolder();
    const broken = path.join(tmp('mtlw-broken-'), 'better_sqlite3.node');
    fs.writeFileSync(broken, `not a shared object; node_register_module_v${process.versions.modules}`);
    const h = harness({ mainDir, appDir: dir, env: { [SQLITE_BINDING_ENV]: broken } });
    expect((await startShell(h.deps)).status).toBe('failed');
    expect(h.dialogs.map((d) => d.title)).toEqual([TITLES.native]);
  });

  it('preload errors and renderer crashes are logged and shown; a clean exit is only logged', async () => {
    const { dir, mainDir } = appFolder();
    const h = harness({ mainDir, appDir: dir });
    running(await startShell(h.deps));
    const w = h.windows[0];
    w.fire('preload-error', {}, '/app/out/electron/preload.cjs', new ReferenceError('__filename is not defined'));
    w.fire('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    w.fire('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(h.dialogs.map((d) => d.title)).toEqual([TITLES.preload, TITLES.gone]);
    expect(h.dialogs[0].message).toContain('__filename is not defined');
    const log = fs.readFileSync(h.logFile, 'utf8');
    expect(log).toMatch(/error preload \/app\/out\/electron\/preload\.cjs failed: ReferenceError: __filename is not defined/);
    expect(log).toMatch(/renderer gone: crashed \(exit code 139\)/);
    expect(log).toMatch(/renderer gone: clean-exit/);
  });

  it('an unbuilt interface is named with the command that builds it', async () => {
    const { dir, mainDir } = appFolder();
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const h = harness({ mainDir, appDir: dir });
    expect((await startShell(h.deps)).status).toBe('failed');
    expect(h.dialogs[0]).toMatchObject({ title: TITLES.notBuilt, message: expect.stringContaining('npm run build:renderer') });
  });

  it('paths: preload, page and worker inside the package (the worker inside app.asar, with the packages it requires)', () => {
    const packaged = path.join('/opt/MTL Workbench/resources/app.asar/out/electron');
    const p = shellPaths(packaged, {});
    expect(p.preload).toBe('/opt/MTL Workbench/resources/app.asar/out/electron/preload.cjs');
    expect(p.worker).toBe('/opt/MTL Workbench/resources/app.asar/out/electron/worker.cjs');
    expect(p.appUrl).toBe('file:///opt/MTL%20Workbench/resources/app.asar/dist/renderer/index.html');
    expect(shellPaths('/src/app/out/electron', {}).worker).toBe('/src/app/out/electron/worker.cjs');
    expect(shellPaths('/src/app/out/electron', { MTLW_DEV_SERVER_URL: 'http://localhost:5173/' }).appUrl).toBe('http://localhost:5173/');
  });
});

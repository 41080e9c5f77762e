// The main process's start-up as a function of what it uses from Electron, so that tests run it without the
// binary: single-instance lock, data folder, the SQLite module for this ABI, store errors as dialogs that say what
// to do, the hardened window, IPC bound with the sender check, crashes of the preload or the page logged and shown.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import { resolveHome } from '../paths.js';
import type { Workbench, WorkbenchOptions } from '../services/workbench.js';
import { createLocalExecutor } from '../engine/executor.js';
import { bindApi, forwardEvents, type IpcMainLike } from '../ipc.js';
import { hardenContents, hardenSession, isAppUrl, windowOptions } from '../window-options.js';
import { bindingPath, bindingProblem, defaultNativeCache, isNativeLoadError, nativeLoadMessage, SQLITE_BINDING_ENV, sqliteVersion } from './native-binding.js';
import type { Log } from './log.js';

export interface ContentsLike {
  on(event: 'preload-error', listener: (event: unknown, preloadPath: string, error: Error) => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string; exitCode: number }) => void): unknown;
  on(event: 'did-fail-load', listener: (event: unknown, code: number, description: string, url: string) => void): unknown;
  send(channel: string, message: unknown): void;
}

export interface WindowLike {
  webContents: ContentsLike;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  show(): void;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  loadURL(url: string): Promise<void>;
}

export interface AppLike {
  isPackaged: boolean;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  getPath(name: 'userData' | 'logs'): string;
  getAppPath(): string;
  quit(): void;
  exit(code?: number): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

export interface ShellDeps {
  app: AppLike;
  createWindow(options: BrowserWindowConstructorOptions): WindowLike;
  windowCount(): number;
  dialog: { showErrorBox(title: string, content: string): void };
  ipcMain: IpcMainLike;
  defaultSession: Parameters<typeof hardenSession>[0];
  openWorkbench(opts: WorkbenchOptions): Workbench;
  /** The folder of the main bundle (out/electron, inside app.asar when packaged). */
  mainDir: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  log: Log;
}

export type ShellStart =
  | { status: 'second-instance' }
  | { status: 'failed'; title: string; message: string }
  | { status: 'running'; home: string; workbench: Workbench; window: WindowLike; paths: ShellPaths };

export interface ShellPaths {
  preload: string;
  rendererIndex: string;
  appUrl: string;
  /**
   * The training worker: beside main.cjs, inside app.asar when packaged. Worker threads read the archive since
   * Electron 18 (electron/electron#33216), and there the worker finds the packages it requires; native .node files
   * load from app.asar.unpacked. An unpacked worker would look for its packages outside the archive and miss them.
   */
  worker: string;
}

export function shellPaths(mainDir: string, env: NodeJS.ProcessEnv): ShellPaths {
  const rendererIndex = path.resolve(mainDir, '../../dist/renderer/index.html');
  return {
    preload: path.join(mainDir, 'preload.cjs'),
    rendererIndex,
    appUrl: env.MTLW_DEV_SERVER_URL || pathToFileURL(rendererIndex).href,
    worker: path.join(mainDir, 'worker.cjs'),
  };
}

/** The Electron-ABI better-sqlite3 to load (undefined: the package's own, rebuilt by electron-builder), or why none fits. */
export function sqliteBindingFor(o: { isPackaged: boolean; appDir: string; env: NodeJS.ProcessEnv; abi?: number }): { path?: string; problem?: string } {
  const abi = o.abi ?? Number(process.versions.modules);
  const given = o.env[SQLITE_BINDING_ENV];
  if (given) {
    const problem = bindingProblem(given, abi);
    return problem ? { problem } : { path: given };
  }
  if (o.isPackaged) return {};
  const file = bindingPath(defaultNativeCache(o.appDir, o.env), { sqliteVersion: sqliteVersion(o.appDir), abi, platform: process.platform, arch: process.arch });
  const problem = bindingProblem(file, abi);
  return problem ? { problem: fs.existsSync(file) ? problem : `it has not been prepared yet (${file})` } : { path: file };
}

export const TITLES = {
  native: 'MTL Workbench cannot load its SQLite module',
  dataFolder: 'MTL Workbench cannot open its data folder',
  notBuilt: 'MTL Workbench: the interface is not built',
  preload: 'MTL Workbench: the window could not connect to the app',
  gone: 'MTL Workbench: the window stopped',
  load: 'MTL Workbench: the window could not load',
};

export async function startShell(d: ShellDeps): Promise<ShellStart> {
  const { app, log } = d;
  const paths = shellPaths(d.mainDir, d.env);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    log('info', 'another instance is running: handing over to it');
    app.quit();
    return { status: 'second-instance' };
  }
  let win: WindowLike | undefined;
  let workbench: Workbench | undefined;
  const fail = (title: string, message: string): ShellStart => {
    log('error', `${title}: ${message}`);
    d.dialog.showErrorBox(title, message);
    app.exit(1);
    return { status: 'failed', title, message };
  };

  app.on('web-contents-created', (_event: never, contents: never) => hardenContents(contents, paths.appUrl));
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('before-quit', (event: never) => {
    if (!workbench || closing) return;
    (event as { preventDefault(): void }).preventDefault();
    closing = true;
    workbench.close().finally(() => app.exit(0));
  });

  await app.whenReady();
  const home = resolveHome({ argv: d.argv, env: d.env, electronUserData: app.getPath('userData') });
  log('info', `data folder ${home}; page ${paths.appUrl}`);
  if (!d.env.MTLW_DEV_SERVER_URL && !fs.existsSync(paths.rendererIndex)) {
    return fail(TITLES.notBuilt, `${paths.rendererIndex} is missing. Run \`npm run build:renderer\` (npm start does it), then start again.`);
  }
  const binding = sqliteBindingFor({ isPackaged: app.isPackaged, appDir: app.getAppPath(), env: d.env });
  if (binding.problem) return fail(TITLES.native, nativeLoadMessage(binding.problem, app.isPackaged));
  try {
    workbench = d.openWorkbench({ home, transport: 'electron', sqliteBinding: binding.path, executor: () => createLocalExecutor({ workerPath: paths.worker }) });
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    // a module that does not load is not a data-folder problem: say what to run instead
    if (isNativeLoadError(err)) return fail(TITLES.native, nativeLoadMessage(message, app.isPackaged));
    return fail(TITLES.dataFolder, message);
  }
  hardenSession(d.defaultSession);
  bindApi(d.ipcMain, workbench.api, { isTrustedSender: (url) => isAppUrl(url, paths.appUrl) });
  workbench.sweeps?.resumeRunning(); // sweeps left running when the app last closed go on

  const open = (): WindowLike => {
    const w = d.createWindow(windowOptions(paths.preload));
    const off = forwardEvents(workbench!.events, (channel, message) => {
      if (!w.isDestroyed()) w.webContents.send(channel, message);
    });
    w.on('closed', () => {
      off();
      if (win === w) win = undefined;
    });
    w.once('ready-to-show', () => w.show());
    w.webContents.on('preload-error', (_e, preloadPath, error) => {
      log('error', `preload ${preloadPath} failed: ${error?.stack ?? error}`);
      d.dialog.showErrorBox(TITLES.preload, `${preloadPath} failed to run, so the window cannot reach the workbench:\n${error?.message ?? error}`);
    });
    w.webContents.on('render-process-gone', (_e, details) => {
      log('error', `renderer gone: ${details.reason} (exit code ${details.exitCode})`);
      if (details.reason !== 'clean-exit') d.dialog.showErrorBox(TITLES.gone, `The window's process ended (${details.reason}, exit code ${details.exitCode}). Runs in progress go on; reopen the app to see them.`);
    });
    w.webContents.on('did-fail-load', (_e, code, description, url) => {
      log('error', `load failed: ${url}: ${description} (${code})`);
      d.dialog.showErrorBox(TITLES.load, `${url}: ${description} (${code})`);
    });
    void w.loadURL(paths.appUrl);
    return w;
  };
  win = open();
  app.on('activate', () => {
    if (d.windowCount() === 0) win = open();
  });
  return { status: 'running', home, workbench, window: win, paths };
}

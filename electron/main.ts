// The Electron main process: one hardened window on the built renderer, the API bound over IPC.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { resolveHome } from './paths.js';
import { createWorkbench, type Workbench } from './services/workbench.js';
import { bindApi, forwardEvents } from './ipc.js';
import { hardenContents, hardenSession, isAppUrl, windowOptions } from './window-options.js';

// Bundled to out/electron/main.cjs beside preload.cjs; the renderer build is dist/renderer.
const here = __dirname;
const rendererIndex = path.resolve(here, '../../dist/renderer/index.html');
const appUrl = process.env.MTLW_DEV_SERVER_URL ?? pathToFileURL(rendererIndex).href;

app.enableSandbox();
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

let workbench: Workbench | undefined;
let win: BrowserWindow | undefined;

function createWindow(): void {
  win = new BrowserWindow(windowOptions(path.join(here, 'preload.cjs')));
  const off = forwardEvents(workbench!.events, (channel, message) => {
    if (win && !win.isDestroyed()) win.webContents.send(channel, message);
  });
  win.on('closed', () => {
    off();
    win = undefined;
  });
  win.once('ready-to-show', () => win?.show());
  void win.loadURL(appUrl);
}

app.on('web-contents-created', (_event, contents) => hardenContents(contents, appUrl));

app.on('second-instance', () => {
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.whenReady().then(() => {
  if (!primary) return;
  const home = resolveHome({ argv: process.argv, electronUserData: app.getPath('userData') });
  try {
    workbench = createWorkbench({ home, transport: 'electron' });
  } catch (err) {
    // a read-only or full data folder, a file from a newer version: say so and quit, rather than crash
    dialog.showErrorBox('MTL Workbench cannot open its data folder', (err as Error).message);
    app.exit(1);
    return;
  }
  hardenSession(session.defaultSession);
  bindApi(ipcMain, workbench.api, { isTrustedSender: (url) => isAppUrl(url, appUrl) });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let closing = false;
app.on('before-quit', (event) => {
  if (!workbench || closing) return;
  event.preventDefault();
  closing = true;
  workbench.close().finally(() => app.exit(0));
});

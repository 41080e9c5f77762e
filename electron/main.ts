// The Electron main process: Electron's objects handed to the start-up function (electron/shell/startup.ts),
// which tests run without the binary. Bundled to out/electron/main.cjs beside preload.cjs and worker.cjs.
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { createWorkbench } from './services/workbench.js';
import { fileLog } from './shell/log.js';
import { startShell } from './shell/startup.js';

app.setAppLogsPath();
const log = fileLog(app.getPath('logs'));

void startShell({
  app,
  createWindow: (options) => new BrowserWindow(options),
  windowCount: () => BrowserWindow.getAllWindows().length,
  dialog,
  ipcMain,
  get defaultSession() {
    return session.defaultSession;
  },
  openWorkbench: createWorkbench,
  mainDir: __dirname,
  argv: process.argv,
  env: process.env,
  log,
}).catch((err: unknown) => {
  log('error', `start-up failed: ${(err as Error)?.stack ?? err}`);
  dialog.showErrorBox('MTL Workbench could not start', String((err as Error)?.message ?? err));
  app.exit(1);
});

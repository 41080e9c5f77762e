/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node -r` */
// Preloaded with `node -r` before a main bundle (out/electron/main.cjs): `require('electron')` gets the thinnest
// stand-in for what the main process uses (app, BrowserWindow, dialog, ipcMain, session), and once the window
// has loaded its page this drives the app as the page would, through the ipcMain handlers main.cjs registered:
// system info, then one short training run, printed as one JSON line ("RESULT {...}"). Plain Node, no Electron.
const Module = require('node:module');
const path = require('node:path');

const handlers = new Map();
const events = new Map();
const dialogs = [];
let pageUrl = null;
let windowReady;
const windowLoaded = new Promise((resolve) => (windowReady = resolve));

const app = {
  isPackaged: process.env.STANDIN_PACKAGED === '1',
  enableSandbox() {},
  setAppLogsPath() {},
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getPath: (name) => path.join(process.env.STANDIN_USERDATA, name === 'logs' ? 'logs' : ''),
  getAppPath: () => process.env.STANDIN_APP_PATH,
  quit() {},
  exit(code) {
    process.stdout.write(`EXIT ${code} ${JSON.stringify(dialogs)}\n`);
    process.exit(code);
  },
  on(event, listener) {
    events.set(event, listener);
  },
};
class BrowserWindow {
  static getAllWindows() {
    return [];
  }
  constructor(options) {
    this.options = options;
    this.webContents = { on() {}, send() {} };
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {}
  on() {}
  once() {}
  async loadURL(url) {
    pageUrl = url;
    windowReady(this);
  }
}
const electron = {
  app,
  BrowserWindow,
  dialog: { showErrorBox: (title, message) => dialogs.push({ title, message }) },
  ipcMain: { handle: (channel, fn) => handlers.set(channel, fn), removeHandler: (channel) => handlers.delete(channel) },
  session: { defaultSession: { webRequest: { onHeadersReceived() {} }, setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } },
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? 'electron' : resolve.call(this, request, ...rest);
};
require.cache.electron = { id: 'electron', filename: 'electron', loaded: true, exports: electron };

const call = async (method, ...args) => {
  const reply = await handlers.get(`api:${method}`)({ senderFrame: { url: pageUrl } }, ...structuredClone(args));
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
  return structuredClone(reply.result);
};

windowLoaded.then(async (win) => {
  const result = { pageUrl, preload: win.options.webPreferences.preload, sandbox: win.options.webPreferences.sandbox };
  try {
    result.info = await call('getSystemInfo');
    const ds = await call('createBuiltinDataset', { source: 'mmoe-synthetic', name: 'tiny', options: { rows: 300, dim: 8, p: 0.5 }, seed: 1 });
    const design = await call('buildTemplate', { template: 'mmoe', datasetIds: [ds.id] });
    const { runIds } = await call('startRun', { design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, epochs: 1, batchSize: 32, maxStepsPerEpoch: 3, weighting: { name: 'ew', params: {} }, seed: 1 });
    for (let i = 0; i < 240; i++) {
      result.run = await call('getRun', runIds[0]);
      if (!['queued', 'running'].includes(result.run.status)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (err) {
    result.error = String(err && err.stack ? err.stack : err);
  }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  events.get('before-quit')?.({ preventDefault() {} });
});

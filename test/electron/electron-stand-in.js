// The thinnest stand-in for what Electron gives a sandboxed preload: `require('electron')` with contextBridge and
// ipcRenderer, nothing else. Plain browser JavaScript, evaluated as one expression in a page (the IPC end-to-end
// harness) or in a vm context (the bundle test). `host` connects it to the main side:
//   host.invoke(channel, args) -> Promise<reply>   (ipcMain.handle's answer)
//   host.onDeliver(fn)                             fn(channel, message) is webContents.send
//   host.world                                     the page's window (contextBridge's main world)
// As in Electron: every IPC argument and message is structured-cloned (a Proxy, such as a Vue reactive object,
// or a function throws "could not be cloned"); values crossing contextBridge are copied, functions are proxied,
// and an Error keeps only its message.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- an expression, evaluated where it is embedded
(function createElectronStandIn(host) {
  const pass = (value) => {
    if (typeof value === 'function') return (...args) => pass(value(...args.map(pass)));
    if (value instanceof Promise) return value.then(pass, (err) => Promise.reject(pass(err)));
    if (value instanceof Error) return new Error(value.message);
    return structuredClone(value);
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (key in host.world) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
      const copy = {};
      for (const [k, v] of Object.entries(api)) copy[k] = typeof v === 'function' ? pass(v) : structuredClone(v);
      Object.defineProperty(host.world, key, { value: Object.freeze(copy), enumerable: true });
    },
  };
  const listeners = new Map();
  const ipcRenderer = {
    invoke(channel, ...args) {
      let cloned;
      try {
        cloned = structuredClone(args);
      } catch (err) {
        return Promise.reject(new Error(`An object could not be cloned. (${err.message})`));
      }
      return host.invoke(channel, cloned).then((reply) => structuredClone(reply));
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  host.onDeliver((channel, message) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: ipcRenderer }, structuredClone(message));
  });
  const modules = new Map([['electron', { contextBridge, ipcRenderer }]]);
  return {
    require(name) {
      if (modules.has(name)) return modules.get(name);
      throw new Error(`module not found: ${name}`);
    },
    process: { platform: 'linux', type: 'renderer', sandboxed: true, contextIsolated: true },
  };
})

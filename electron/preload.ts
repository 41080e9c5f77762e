// The preload (sandboxed): exposes window.workbench through contextBridge, one method per API verb.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './preload-bridge.js';

contextBridge.exposeInMainWorld('workbench', buildBridge(ipcRenderer));

// The preload (sandboxed): exposes window.workbench through contextBridge, one method per API verb, plus the
// path of a file picked in the page (the native open dialog behind <input type=file>).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildBridge } from './preload-bridge.js';

const filePaths = { pathForFile: (file: unknown) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]) };
contextBridge.exposeInMainWorld('workbench', buildBridge(ipcRenderer, filePaths));

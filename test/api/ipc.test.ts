// The same API contract over Electron IPC: calls go through window.workbench from the BUILT preload (evaluated as
// the sandbox does) in headless Chromium, every message structured-cloned, to ipc.ts's handlers over the service.
import { describe } from 'vitest';
import { contractSuite } from './contract.js';
import { startIpcApp } from '../e2e/ipc-harness.js';

describe('WorkbenchApi over Electron IPC (built preload, stand-in IPC, Chromium)', () => {
  contractSuite(async () => {
    const app = await startIpcApp();
    return { api: app.api, on: app.on, home: app.home, transport: 'electron', close: () => app.close() };
  });
});

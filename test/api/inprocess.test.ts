// The API contract, called in process (as the CLI and the tests do).
import { describe } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorkbench } from '../../electron/services/workbench.js';
import { contractSuite } from './contract.js';

describe('WorkbenchApi in process', () => {
  contractSuite(async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-inproc-'));
    const wb = createWorkbench({ home, transport: 'in-process' });
    return { api: wb.api, on: (e, cb) => wb.events.on(e, cb), home, transport: 'in-process', close: () => wb.close() };
  });
});

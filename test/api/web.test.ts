// The same API contract over web mode: real HTTP and WebSocket on 127.0.0.1.
import { describe } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorkbench } from '../../electron/services/workbench.js';
import { startWebServer } from '../../electron/web/server.js';
import { contractSuite } from './contract.js';
import { connectWebClient } from './web-client.js';

describe('WorkbenchApi over web mode (HTTP + WebSocket)', () => {
  contractSuite(async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-web-'));
    const wb = createWorkbench({ home, transport: 'web' });
    const server = await startWebServer({ workbench: wb });
    const client = await connectWebClient(server.port, server.token);
    return {
      api: client.api,
      on: client.on,
      home,
      transport: 'web',
      async close() {
        client.close();
        await server.close();
        await wb.close();
      },
    };
  });
});

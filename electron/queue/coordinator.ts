// A workbench that is a queue coordinator: the Redis queue executor, the workbench over it (the only writer of
// the store), and the worker API server. Used by `mtl-workbench sweep --queue` and `serve --queue`.
import fs from 'node:fs';
import { createWorkbench, type Workbench } from '../services/workbench.js';
import { createQueueExecutor } from './executor.js';
import { startCoordinatorServer, type CoordinatorServer } from './server.js';

export interface CoordinatorOptions {
  home: string;
  transport: 'web' | 'in-process';
  /** redis://[:password@]host:port */
  queue: string;
  /** Where workers reach the coordinator: HOST:PORT (default 127.0.0.1 and a free port). */
  listen?: string;
  token: string;
  /** Web mode's --allow-dir folders (see WorkbenchOptions.allowDirs). */
  allowDirs?: string[];
}

export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export function parseListen(listen: string | undefined): { host: string; port: number } {
  if (!listen) return { host: '127.0.0.1', port: 0 };
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  if (!m) throw new Error(`--listen ${JSON.stringify(listen)}: expected HOST:PORT, e.g. 127.0.0.1:7071 or 0.0.0.0:7071`);
  return { host: m[1] ?? m[2], port: Number(m[3]) };
}

export async function startCoordinator(opts: CoordinatorOptions): Promise<{ workbench: Workbench; server: CoordinatorServer; close(): Promise<void> }> {
  if (!/^rediss?:\/\//.test(opts.queue)) throw new Error(`--queue ${JSON.stringify(opts.queue)}: expected a Redis URL, redis://[:password@]host:port`);
  const { host, port } = parseListen(opts.listen);
  const queue = createQueueExecutor({ url: opts.queue });
  const workbench = createWorkbench({ home: opts.home, transport: opts.transport, queue, allowDirs: opts.allowDirs });
  let server: CoordinatorServer;
  try {
    server = await startCoordinatorServer({
      executor: queue, home: opts.home, token: opts.token, version: appVersion(), host, port,
      dataset: (id) => workbench.store.datasets.get(id),
    });
  } catch (err) {
    await workbench.close();
    throw err;
  }
  return {
    workbench,
    server,
    async close() {
      await server.close();
      await workbench.close();
    },
  };
}

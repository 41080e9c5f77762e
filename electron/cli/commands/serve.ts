// `serve`: web mode on 127.0.0.1, printing the URL with its token.
import type { Command } from 'commander';
import { resolveHome } from '../../paths.js';
import { createWorkbench } from '../../services/workbench.js';
import { assertLoopback } from '../../web/auth.js';
import { startWebServer } from '../../web/server.js';
import path from 'node:path';
import { CliError, collect, positiveInt, printJson, out } from '../output.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench in a browser on 127.0.0.1 (web mode)')
    .option('--port <n>', 'port (default: a free one)', positiveInt('--port'))
    .option('--host <addr>', 'loopback address to bind: 127.0.0.1 or ::1', '127.0.0.1')
    .option('--renderer <dir>', 'the built renderer to serve (default: dist/renderer)')
    .option('--home <dir>', 'data folder (default: $MTLW_HOME or ~/.mtl-workbench)')
    .option('--allow-dir <dir>', 'a folder the browser may import files from (repeatable; default: the data folder and the current folder)', collect, [])
    .option('--json', 'print { url, port, home } as JSON')
    .option('--queue <url>', 'be a coordinator: sweeps train on `mtl-workbench worker`s through this Redis queue')
    .option('--workers-listen <host:port>', 'with --queue: where workers reach this coordinator (default 127.0.0.1:<free port>)')
    .option('--worker-token <token>', 'with --queue: the token workers must give (default: $MTLW_WORKER_TOKEN)')
    .action(async (opts: ServeOptions) => {
      await serve(opts);
    });
}

interface ServeOptions {
  port?: number;
  host?: string;
  renderer?: string;
  home?: string;
  json?: boolean;
  queue?: string;
  workersListen?: string;
  workerToken?: string;
  allowDir?: string[];
}

export async function serve(opts: ServeOptions): Promise<void> {
  assertLoopback(opts.host ?? '127.0.0.1'); // before the data folder is created
  const home = resolveHome({ argv: opts.home ? ['--home', opts.home] : [] });
  const allowDirs = opts.allowDir?.length ? opts.allowDir.map((d) => path.resolve(d)) : [home, process.cwd()];
  const token = opts.workerToken ?? process.env.MTLW_WORKER_TOKEN;
  if (opts.queue && !token) throw new CliError('--queue needs a worker token: --worker-token T or $MTLW_WORKER_TOKEN (at least 16 characters)', 'usage');
  const coordinator = opts.queue
    ? await (await import('../../queue/coordinator.js')).startCoordinator({ home, transport: 'web', queue: opts.queue, listen: opts.workersListen, token: token!, allowDirs })
    : null;
  const workbench = coordinator?.workbench ?? createWorkbench({ home, transport: 'web', allowDirs });
  const closeAll = () => (coordinator ? coordinator.close() : workbench.close());
  let server;
  try {
    server = await startWebServer({ workbench, port: opts.port, host: opts.host, rendererDir: opts.renderer });
  } catch (err) {
    await closeAll();
    throw err;
  }
  // sweeps left running by an earlier process go on here
  workbench.sweeps.resumeRunning();
  if (coordinator) process.stderr.write(`coordinator for workers at ${coordinator.server.url}\n`);
  if (opts.json) printJson({ url: server.url, port: server.port, home, allowDirs });
  else out(`MTL Workbench (web mode) at ${server.url}\ndata folder: ${home}\nfiles may be imported from: ${allowDirs.join(', ')}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await closeAll();
}

// `serve`: web mode on 127.0.0.1, printing the URL with its token.
import type { Command } from 'commander';
import { resolveHome } from '../../paths.js';
import { createWorkbench } from '../../services/workbench.js';
import { assertLoopback } from '../../web/auth.js';
import { startWebServer } from '../../web/server.js';
import { positiveInt, printJson, out } from '../output.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench in a browser on 127.0.0.1 (web mode)')
    .option('--port <n>', 'port (default: a free one)', positiveInt('--port'))
    .option('--host <addr>', 'loopback address to bind: 127.0.0.1 or ::1', '127.0.0.1')
    .option('--renderer <dir>', 'the built renderer to serve (default: dist/renderer)')
    .option('--home <dir>', 'data folder (default: $MTLW_HOME or ~/.mtl-workbench)')
    .option('--json', 'print { url, port, home } as JSON')
    .action(async (opts: { port?: number; host: string; renderer?: string; home?: string; json?: boolean }) => {
      await serve(opts);
    });
}

export async function serve(opts: { port?: number; host?: string; renderer?: string; home?: string; json?: boolean }): Promise<void> {
  assertLoopback(opts.host ?? '127.0.0.1'); // before the data folder is created
  const home = resolveHome({ argv: opts.home ? ['--home', opts.home] : [] });
  const workbench = createWorkbench({ home, transport: 'web' });
  let server;
  try {
    server = await startWebServer({ workbench, port: opts.port, host: opts.host, rendererDir: opts.renderer });
  } catch (err) {
    await workbench.close();
    throw err;
  }
  if (opts.json) printJson({ url: server.url, port: server.port, home });
  else out(`MTL Workbench (web mode) at ${server.url}\ndata folder: ${home}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await workbench.close();
}

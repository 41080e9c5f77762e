// `worker`: takes runs from the Redis queue of a coordinator (`sweep --queue` or `serve --queue`) until stopped.
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { BackendName } from '../../../shared/run.js';
import { CliError, positiveInt } from '../output.js';

interface WorkerOptions {
  queue: string;
  coordinator: string;
  token: string;
  backend?: string;
  concurrency: number;
  home?: string;
  lockMs?: number;
}

export function workerCommand(program: Command): void {
  program
    .command('worker')
    .description('train runs from a coordinator\'s Redis queue (see `sweep --queue`) until stopped with Ctrl-C')
    .requiredOption('--queue <url>', 'the Redis URL: redis://[:password@]host:port')
    .requiredOption('--coordinator <url>', 'the coordinator\'s worker API, as `sweep --queue` prints it: http://host:port')
    .requiredOption('--token <token>', 'the coordinator\'s worker token')
    .option('--backend <name>', 'force a backend: tensorflow-gpu, tensorflow, wasm or cpu (default: the best here)')
    .option('--concurrency <n>', 'runs trained at once', positiveInt('--concurrency', 1), 1)
    .option('--home <dir>', 'the worker\'s cache of datasets (default: $MTLW_WORKER_HOME or ~/.mtl-workbench-worker)')
    .option('--lock-ms <n>', 'how long a job stays locked without a sign of life before another worker may take it', positiveInt('--lock-ms', 1000))
    .action(async (opts: WorkerOptions) => {
      if (opts.backend && !['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'].includes(opts.backend)) {
        throw new CliError(`--backend ${opts.backend}: choose tensorflow-gpu, tensorflow, wasm or cpu`, 'usage');
      }
      const { startQueueWorker } = await import('../../queue/worker.js');
      const { WorkerRefused } = await import('../../queue/http.js');
      const { appVersion } = await import('../../queue/coordinator.js');
      const home = path.resolve(opts.home ?? process.env.MTLW_WORKER_HOME ?? path.join(os.homedir(), '.mtl-workbench-worker'));
      let worker;
      try {
        worker = await startQueueWorker({
          queue: opts.queue, coordinator: opts.coordinator, token: opts.token, version: appVersion(), home,
          backend: opts.backend as BackendName | undefined, concurrency: opts.concurrency, lockMs: opts.lockMs,
        });
      } catch (err) {
        throw new CliError((err as Error).message, err instanceof WorkerRefused ? 'unauthorized' : 'failed');
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await worker.close();
    });
}

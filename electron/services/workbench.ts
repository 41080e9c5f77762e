// createWorkbench: the one implementation of WorkbenchApi behind every transport.
// Every verb parses its arguments with the zod schemas and throws only ApiError.
import type { SystemInfo, WorkbenchApi, ApiMethod } from '../../shared/api.js';
import { API_METHODS } from '../../shared/api.js';
import type { RunExecutor } from '../engine/types.js';
import { openStore, type Store } from '../store/index.js';
import { isCorrupt } from '../store/errors.js';
import { damagedError, markDamaged } from '../store/integrity.js';
import { WorkbenchEmitter } from './events.js';
import { lazy, type ServiceContext } from './context.js';
import { parseArgs } from './schemas.js';
import { toApiError } from './errors.js';
import { systemVerbs } from './system.js';
import { datasetVerbs } from './datasets.js';
import { designVerbs } from './designs.js';
import { runVerbs, wireExecutor } from './runs.js';
import { compareVerbs } from './compare.js';
import type { QueueExecutor } from '../queue/executor.js';
import { createSweepDriver, type SweepDriver } from '../sweeps/driver.js';
import { sweepVerbs } from '../sweeps/service.js';
import { wireQueue } from '../sweeps/wiring.js';

export interface WorkbenchOptions {
  home: string;
  transport: SystemInfo['transport'];
  /** A RunExecutor, or a factory for one; default: the local worker executor, created on first run. */
  executor?: RunExecutor | (() => RunExecutor | Promise<RunExecutor>);
  /** Web mode: the only folders dataset files may be read from (`serve --allow-dir`); unset: anywhere. */
  allowDirs?: string[];
  /** A Redis run queue (electron/queue): sweeps train on its workers; single runs stay local. */
  queue?: QueueExecutor;
  /** better-sqlite3's native module for this runtime, when not its own build (Electron in development). */
  sqliteBinding?: string;
}

export interface Workbench {
  api: WorkbenchApi;
  events: WorkbenchEmitter;
  home: string;
  store: Store;
  /** Drives sweeps from this process (serve, the app and `sweep` call activate). */
  sweeps: SweepDriver;
  /** Stops live runs (they end 'stopped' or, if the process dies first, 'interrupted' at next open) and closes the store. */
  close(): Promise<void>;
}

export function createWorkbench(opts: WorkbenchOptions): Workbench {
  const store = openStore(opts.home, { nativeBinding: opts.sqliteBinding });
  const events = new WorkbenchEmitter();
  let executorInstance: RunExecutor | undefined;
  let unwire: (() => void) | undefined;

  const ctx: ServiceContext = {
    home: opts.home,
    store,
    events,
    transport: opts.transport,
    liveRuns: new Set(),
    queue: opts.queue ?? null,
    closed: false,
    datasets: lazy(async () => {
      const { DatasetManager } = await import('../datasets/manager.js');
      return new DatasetManager({ dataDir: opts.home, repo: store.datasets, allowedDirs: opts.allowDirs });
    }),
    executor: lazy(async () => {
      const given = opts.executor;
      const ex =
        given === undefined
          ? (await import('../engine/executor.js')).createLocalExecutor()
          : typeof given === 'function'
            ? await given()
            : given;
      executorInstance = ex;
      unwire = wireExecutor(ctx, ex);
      return ex;
    }),
  };

  const unwireQueue = opts.queue ? wireQueue(ctx, opts.queue) : undefined;
  const sweeps = createSweepDriver(ctx);

  const impl: WorkbenchApi = {
    ...systemVerbs(ctx),
    ...datasetVerbs(ctx),
    ...designVerbs(ctx),
    ...runVerbs(ctx),
    ...compareVerbs(ctx),
    ...sweepVerbs(ctx, sweeps),
  };

  const api = {} as Record<ApiMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const method of API_METHODS) {
    const fn = impl[method] as (...args: unknown[]) => Promise<unknown>;
    api[method] = async (...args: unknown[]) => {
      if (ctx.closed) throw toApiError(new Error('the workbench is closed'), method);
      try {
        return await fn(...parseArgs(method, args));
      } catch (err) {
        // a read that finds the file damaged says which file and how to recover it, and no more is written to it
        if (!isCorrupt(err)) throw toApiError(err, method);
        markDamaged(store.db, [(err as Error).message]);
        throw toApiError(damagedError(store.file, [(err as Error).message], err), method);
      }
    };
  }

  return {
    api: api as unknown as WorkbenchApi,
    events,
    home: opts.home,
    store,
    sweeps,
    async close() {
      if (ctx.closed) return;
      sweeps.close();
      if (opts.queue) await opts.queue.close().catch((err) => console.error('[workbench] queue close failed:', err));
      if (executorInstance) {
        for (const id of ctx.liveRuns) executorInstance.stop(id);
        await executorInstance.close().catch((err) => console.error('[workbench] executor close failed:', err));
      }
      // after close, the executor's last events still land in the store
      ctx.closed = true;
      unwire?.();
      unwireQueue?.();
      for (const id of ctx.liveRuns) store.runs.finish(id, 'stopped', 'The workbench was closed while the run was live.');
      events.clear();
      store.close();
    },
  };
}

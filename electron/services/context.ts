// What the verb groups share: the store, the event emitter, and the lazily loaded engine pieces.
import type { SystemInfo } from '../../shared/api.js';
import type { Store } from '../store/index.js';
import type { RunExecutor } from '../engine/types.js';
import type { QueueExecutor } from '../queue/executor.js';
import type { DatasetManager } from '../datasets/manager.js';
import type { WorkbenchEmitter } from './events.js';

export interface ServiceContext {
  home: string;
  store: Store;
  events: WorkbenchEmitter;
  transport: SystemInfo['transport'];
  /** The dataset manager (loaded on first use: the CLI's `runs list` need not load dataset sources). */
  datasets(): Promise<DatasetManager>;
  /** The run executor (loaded on first use: it brings TensorFlow.js). */
  executor(): Promise<RunExecutor>;
  /** The Redis run queue sweeps go to (null: none configured; everything trains here). */
  queue: QueueExecutor | null;
  /** Runs this workbench submitted and that have not finished yet. */
  liveRuns: Set<string>;
  closed: boolean;
}

/** Memoises an async factory; a failed attempt may be retried. */
export function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    if (!p) p = make().catch((err) => {
      p = undefined;
      throw err;
    });
    return p;
  };
}

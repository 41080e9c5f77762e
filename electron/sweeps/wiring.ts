// Binds a queue executor to the store: its events land like the local executor's (wireExecutor), its metric
// rows only where the store lacks their key, the worker that took each run is recorded, and a run the queue
// gave up ends interrupted.
import type { ServiceContext } from '../services/context.js';
import { runDatasets, wireExecutor } from '../services/runs.js';
import type { QueueExecutor } from '../queue/executor.js';

export function wireQueue(ctx: ServiceContext, queue: QueueExecutor): () => void {
  const { store, events } = ctx;
  queue.bind({
    newRows: (rows) => store.sweeps.newRows(rows),
    onWorker: (runId, worker, attempt) => {
      store.sweeps.setWorker(runId, worker);
      store.sweeps.note(runId, attempt > 1
        ? `attempt ${attempt} on ${worker}: handed over after the earlier worker stopped reporting; training restarts from scratch and the rows already stored are kept (a repeated row is not stored twice)`
        : `taken by ${worker}`);
    },
    lookup: (runId) => {
      const run = store.runs.get(runId);
      if (!run || (run.status !== 'queued' && run.status !== 'running') || !store.sweeps.isQueueRun(runId)) return null;
      return { runId, config: run.config, datasets: runDatasets(ctx, run.config), dataDir: ctx.home };
    },
    onLost: (runId, reason) => {
      if (ctx.closed) return;
      store.sweeps.note(runId, reason);
      if (store.runs.finish(runId, 'interrupted', reason)) events.emit('runStatus', { runId, status: 'interrupted', error: reason });
    },
  });
  return wireExecutor(ctx, queue);
}

// The queue RunExecutor (coordinator side): runs go to a BullMQ queue on Redis as jobs keyed by run id;
// `mtl-workbench worker` processes take them and post their events back through the coordinator server,
// which hands them to receive(). A run whose job BullMQ failed (stalled past its limit) is reported lost.
// With Redis down, submitted runs wait here and status() says the queue is unreachable.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { MetricRow } from '../../shared/run.js';
import type { QueueStatus, QueueWorkerInfo } from '../../shared/sweep.js';
import type { RunExecutor, RunJob, TrainEvent } from '../engine/types.js';
import { executorEvents } from '../engine/executor-events.js';
import { PROTOCOL, QUEUE_NAME, workerName, type EventBatch, type Heartbeat, type Hello, type RunJobData, type StopList } from './protocol.js';

export interface QueueExecutorOptions {
  url: string;
  queueName?: string;
  /** How often Redis is checked and tracked jobs reconciled (default 2000 ms). */
  reconcileMs?: number;
}

/** What the store side does with a queue's news (bound by the workbench that owns the store). */
export interface QueueHooks {
  /** Drops rows the store already holds (rows are idempotent by run, epoch, step, split, task, metric). */
  newRows?: (rows: MetricRow[]) => MetricRow[];
  /** A worker took the run (again: a handover after a stall). */
  onWorker?: (runId: string, worker: string, attempt: number) => void;
  /** BullMQ gave the run up (stalled more often than allowed): it ends interrupted. */
  onLost?: (runId: string, reason: string) => void;
  /** A live queue run of the store this coordinator does not track yet (reports that come in after a restart). */
  lookup?: (runId: string) => RunJob | null;
}

export interface QueueExecutor extends RunExecutor {
  bind(hooks: QueueHooks): void;
  /** Watches a run queued by an earlier coordinator (after a restart); queued again if Redis lost its job. */
  adopt(job: RunJob): void;
  tracks(runId: string): boolean;
  hello(h: Hello): void;
  receive(runId: string, batch: EventBatch): StopList;
  heartbeat(hb: Heartbeat): StopList;
  status(): QueueStatus;
}

/** redis://user:secret@host → redis://user:***@host (for messages and the UI). */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):([^@/]*)@/, (_m, user) => `//${user}:***@`);
}

const WORKER_GONE_MS = 30_000;

export function createQueueExecutor(opts: QueueExecutorOptions): QueueExecutor {
  const shown = redactUrl(opts.url);
  const connection = new Redis(opts.url, { maxRetriesPerRequest: null, enableOfflineQueue: false, lazyConnect: false });
  let lastError: string | null = null;
  let reachable = false;
  connection.on('error', (err: Error) => {
    const msg = `The run queue at ${shown} is unreachable: ${err.message}. Runs wait here until it is back; local runs are not affected.`;
    if (msg !== lastError) console.error(`[queue] ${msg}`);
    lastError = msg;
    reachable = false;
  });
  connection.on('ready', () => {
    if (lastError) console.error(`[queue] ${shown} is reachable again.`);
    reachable = true;
    lastError = null;
  });
  const queue = new Queue<RunJobData>(opts.queueName ?? QUEUE_NAME, { connection });
  queue.on('error', () => {}); // reported through the connection's error above

  const events = executorEvents('queue');
  const emit = events.emit;
  const tracked = new Map<string, RunJob>();
  const stopping = new Set<string>();
  const pending: RunJob[] = [];
  const workers = new Map<string, QueueWorkerInfo>();
  let closed = false;
  let busy = false;
  let hooks: QueueHooks = {};

  const end = (runId: string, e: Extract<TrainEvent, { type: 'finished' }>) => {
    if (!tracked.delete(runId)) return;
    stopping.delete(runId);
    emit(runId, e);
  };

  const add = async (job: RunJob) => {
    const data: RunJobData = { protocol: PROTOCOL, runId: job.runId, config: job.config, datasets: job.datasets };
    // jobId = run id: adding the same run twice (a retry after Redis came back) queues it once
    await queue.add('run', data, { jobId: job.runId, removeOnComplete: true, removeOnFail: false, attempts: 1 });
  };

  /** Sends waiting runs to Redis, checks Redis, and settles runs whose jobs BullMQ failed or lost. */
  const reconcile = async () => {
    if (busy || closed) return;
    busy = true;
    try {
      if (!reachable) {
        try {
          await connection.ping();
          reachable = true;
        } catch {
          return;
        }
      }
      while (pending.length > 0 && !closed) {
        await add(pending[0]);
        pending.shift();
      }
      for (const runId of [...tracked.keys()]) {
        if (pending.some((j) => j.runId === runId)) continue;
        const job = await queue.getJob(runId);
        if (!tracked.has(runId)) continue;
        if (!job) {
          // a worker completes a job only after its end was received, so a tracked run without a job was lost
          // by Redis (restarted without persistence) or never reached it: queue it again
          if (stopping.has(runId)) end(runId, { type: 'finished', status: 'stopped' });
          else await add(tracked.get(runId)!);
          continue;
        }
        const state = await job.getState();
        if (state === 'failed') {
          tracked.delete(runId);
          stopping.delete(runId);
          const reason = job.failedReason || 'the queue gave the job up';
          hooks.onLost?.(runId, `No worker finished it: ${reason} (after ${job.attemptsMade} attempt(s)).`);
          await job.remove().catch(() => {});
        } else if (stopping.has(runId) && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
          await job.remove();
          end(runId, { type: 'finished', status: 'stopped' });
        }
      }
      const now = Date.now();
      for (const [id, w] of workers) if (now - Date.parse(w.lastSeen) > WORKER_GONE_MS) workers.delete(id);
    } catch (err) {
      reachable = false;
      lastError = `The run queue at ${shown} is unreachable: ${(err as Error).message}. Runs wait here until it is back; local runs are not affected.`;
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void reconcile(), opts.reconcileMs ?? 2000);
  timer.unref();

  const stopsFor = (): StopList => ({ stop: [...stopping] });

  return {
    bind(h) {
      hooks = h;
    },
    submit(job) {
      if (closed) throw new Error('The queue executor is closed');
      if (tracked.has(job.runId)) throw new Error(`Run ${job.runId} is already queued or running`);
      tracked.set(job.runId, job);
      pending.push(job);
      void reconcile();
    },
    stop(runId) {
      if (!tracked.has(runId)) return;
      const i = pending.findIndex((j) => j.runId === runId);
      if (i >= 0) {
        pending.splice(i, 1);
        end(runId, { type: 'finished', status: 'stopped' });
        return;
      }
      stopping.add(runId); // a waiting job is removed at the next reconcile; a worker is told through its next report
      void reconcile();
    },
    adopt(job) {
      tracked.set(job.runId, job);
      void reconcile();
    },
    tracks(runId) {
      return tracked.has(runId);
    },
    hello(h) {
      const id = workerName(h.host, h.pid);
      workers.set(h.workerId, { id, host: h.host, pid: h.pid, backend: h.backend, device: h.device, concurrency: h.concurrency, version: h.version, current: [], lastSeen: new Date().toISOString() });
    },
    heartbeat(hb) {
      const w = workers.get(hb.workerId);
      if (w) {
        w.current = hb.current;
        w.lastSeen = new Date().toISOString();
      }
      return stopsFor();
    },
    receive(runId, batch) {
      if (!tracked.has(runId)) {
        // after a restart, a report may come before the sweep adopted its run: adopt it here, or (an ended run:
        // a late or repeated report) add nothing
        const job = hooks.lookup?.(runId);
        if (!job) return stopsFor();
        tracked.set(runId, job);
      }
      const w = workers.get(batch.workerId);
      if (w) w.lastSeen = new Date().toISOString();
      for (const e of batch.events) {
        if (!tracked.has(runId)) break;
        if (e.type === 'started') {
          hooks.onWorker?.(runId, w?.id ?? batch.workerId, batch.attempt);
          emit(runId, e);
        } else if (e.type === 'metrics') {
          const rows = e.rows.map((r) => ({ ...r, runId }));
          const fresh = hooks.newRows ? hooks.newRows(rows) : rows;
          if (fresh.length > 0) emit(runId, { type: 'metrics', rows: fresh });
        } else if (e.type === 'finished') {
          end(runId, stopping.has(runId) && e.status === 'completed' ? { ...e, status: 'stopped' } : e);
        } else {
          emit(runId, e);
        }
      }
      return stopsFor();
    },
    status() {
      return { configured: true, url: shown, reachable, error: reachable ? null : lastError, workers: [...workers.values()] };
    },
    onEvent: events.onEvent,
    async close() {
      closed = true;
      clearInterval(timer);
      // runs on workers keep training; a coordinator started again adopts them (nothing is stopped here)
      for (const job of pending.splice(0)) end(job.runId, { type: 'finished', status: 'stopped' });
      await queue.close().catch(() => {});
      connection.disconnect();
      events.clear();
    },
  };
}

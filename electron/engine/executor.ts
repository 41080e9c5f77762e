// The local RunExecutor: each job trains in its own worker_threads Worker, jobs wait in a FIFO queue
// (one at a time by default), stop() asks the worker to stop between steps and terminates it after a grace
// period, and a crashed worker finishes its run as 'failed' with the error. Every submitted job ends with
// exactly one 'finished' event.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunExecutor, RunJob, TrainEvent } from './types.js';
import { prepareWorkerEnvironment } from './backends/webgpu-env.js';
import { executorEvents } from './executor-events.js';

export interface LocalExecutorOptions {
  /** Jobs trained at the same time (default 1: training uses every core it gets). */
  concurrency?: number;
  /** How long a stopped worker may take to stop by itself before it is terminated (default 3000 ms). */
  stopGraceMs?: number;
  /** The worker's entry file; found beside this file by default (worker.ts through tsx, or a built worker.cjs/.js). */
  workerPath?: string;
}

interface Running {
  job: RunJob;
  worker: Worker;
  finished: boolean;
  stopping: boolean;
  stopTimer?: NodeJS.Timeout;
  exited: Promise<void>;
}

function here(): string {
  try {
    return fileURLToPath(import.meta.url);
  } catch {
    return typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'executor.js');
  }
}

/**
 * Where the worker's code is and how to start it. Built files (worker.cjs / .js beside this file) start as
 * they are. TS sources start through tsx: a small bootstrap registers tsx's ESM hooks inside the new thread,
 * then imports worker.ts (Node 20 does not apply `execArgv: ['--import', 'tsx']` to a worker's own entry
 * file, so the flag alone fails there with "Unknown file extension .ts").
 */
export function resolveWorkerEntry(explicit?: string): { file: string; boot: string | null } {
  const self = here();
  const dir = path.dirname(self);
  const candidates = explicit
    ? [explicit]
    : self.endsWith('.ts')
      ? [path.join(dir, 'worker.ts')]
      : [path.join(dir, 'worker.cjs'), path.join(dir, 'worker.js'), path.join(dir, 'worker.mjs'), path.join(dir, 'engine', 'worker.cjs'), path.join(dir, 'worker.ts')];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`The training worker's code is missing: looked for ${candidates.join(', ')}`);
  if (!file.endsWith('.ts')) return { file, boot: null };
  // tsx resolved from here (not from the working directory); its ESM API is an .mjs file
  const tsxDir = path.dirname(createRequire(self).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = pathToFileURL(file).href;
  const boot = [
    `import(${JSON.stringify(api)})`,
    `  .then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    `  .catch((err) => setImmediate(() => { throw err; }));`,
  ].join('\n');
  return { file, boot };
}

export function createLocalExecutor(opts: LocalExecutorOptions = {}): RunExecutor {
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
  const grace = opts.stopGraceMs ?? 3000;
  const queue: RunJob[] = [];
  const running = new Map<string, Running>();
  const events = executorEvents('executor');
  const emit = events.emit;
  let closed = false;

  const finish = (r: Running, status: 'completed' | 'failed' | 'stopped', error?: string, weightsEpoch?: number) => {
    if (r.finished) return;
    r.finished = true;
    if (r.stopTimer) clearTimeout(r.stopTimer);
    emit(r.job.runId, { type: 'finished', status, ...(error ? { error } : {}), ...(weightsEpoch !== undefined ? { weightsEpoch } : {}) });
  };

  const start = (job: RunJob) => {
    let worker: Worker;
    try {
      prepareWorkerEnvironment(job.config.backend);
      const entry = resolveWorkerEntry(opts.workerPath);
      worker = entry.boot ? new Worker(entry.boot, { eval: true, workerData: job }) : new Worker(entry.file, { workerData: job });
    } catch (err) {
      emit(job.runId, { type: 'finished', status: 'failed', error: `The training worker could not start: ${(err as Error).message}` });
      return;
    }
    let resolveExit!: () => void;
    const r: Running = { job, worker, finished: false, stopping: false, exited: new Promise((res) => (resolveExit = res)) };
    running.set(job.runId, r);
    worker.on('message', (e: TrainEvent) => {
      if (r.finished) return;
      if (e.type === 'finished') {
        // a stop that lands while the worker reports its end still counts as a stop
        finish(r, r.stopping && e.status === 'completed' ? 'stopped' : e.status, e.error, e.weightsEpoch);
        // the thread ends by itself once its last message is out; make sure it does
        setTimeout(() => void worker.terminate(), 2000).unref();
        return;
      }
      emit(job.runId, e);
    });
    worker.on('error', (err) => {
      finish(r, r.stopping ? 'stopped' : 'failed', r.stopping ? undefined : `The training worker crashed: ${err?.message ?? String(err)}`);
    });
    worker.on('exit', (code) => {
      if (!r.finished) {
        if (r.stopping) finish(r, 'stopped');
        else finish(r, 'failed', `The training worker exited (code ${code}) before finishing the run`);
      }
      running.delete(job.runId);
      resolveExit();
      pump();
    });
  };

  const pump = () => {
    while (!closed && running.size < concurrency && queue.length > 0) start(queue.shift()!);
  };

  return {
    submit(job) {
      if (closed) throw new Error('The executor is closed');
      if (running.has(job.runId) || queue.some((j) => j.runId === job.runId)) throw new Error(`Run ${job.runId} is already queued or running`);
      queue.push(job);
      pump();
    },
    stop(runId) {
      const qi = queue.findIndex((j) => j.runId === runId);
      if (qi >= 0) {
        queue.splice(qi, 1);
        emit(runId, { type: 'finished', status: 'stopped' });
        return;
      }
      const r = running.get(runId);
      if (!r || r.finished || r.stopping) return;
      r.stopping = true;
      r.worker.postMessage({ type: 'stop' });
      r.stopTimer = setTimeout(() => {
        finish(r, 'stopped');
        void r.worker.terminate();
      }, grace);
    },
    onEvent: events.onEvent,
    async close() {
      closed = true;
      for (const job of queue.splice(0)) emit(job.runId, { type: 'finished', status: 'stopped' });
      const all = [...running.values()];
      for (const r of all) {
        r.stopping = true;
        finish(r, 'stopped');
        void r.worker.terminate();
      }
      await Promise.all(all.map((r) => r.exited));
      events.clear();
    },
  };
}

// `mtl-workbench worker`: takes runs from the BullMQ queue, trains each in a local worker thread (the local
// executor), and sends its events, final weights and end to the coordinator, every report retried until the
// coordinator has it (rows are idempotent there, so a repeat is harmless). A job completes only after the
// coordinator received the run's end; a worker that dies leaves its job to BullMQ's stalled-job check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { BackendName } from '../../shared/run.js';
import { createLocalExecutor } from '../engine/executor.js';
import type { ExecutorEvent, TrainEvent } from '../engine/types.js';
import { artifactsDir, MODEL_FILE, WEIGHTS_FILE } from '../engine/train/artifacts.js';
import { API, PROTOCOL, QUEUE_NAME, type EventBatch, type Hello, type RunJobData, type StopList } from './protocol.js';
import { coordinatorClient, untilDone } from './http.js';
import { datasetCache } from './dataset-cache.js';
import { redactUrl } from './executor.js';

export interface QueueWorkerOptions {
  queue: string;
  coordinator: string;
  token: string;
  version: string;
  home: string;
  backend?: BackendName;
  concurrency?: number;
  /** BullMQ's job lock (default 30 s): a dead worker's run is handed on about this long after it died. */
  lockMs?: number;
  /** Handovers a run may have before it ends interrupted (default 2). */
  maxStalls?: number;
  log?: (line: string) => void;
}

export interface QueueWorker {
  id: string;
  close(): Promise<void>;
}

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`[worker] ${l}\n`));
  const client = coordinatorClient(opts.coordinator, opts.token);
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const hello: Hello = {
    protocol: PROTOCOL, version: opts.version, workerId: `${os.hostname()}/${process.pid}/${Date.now().toString(36)}`,
    host: os.hostname(), pid: process.pid, backend: opts.backend ?? 'auto', device: os.cpus()[0]?.model ?? 'cpu', concurrency,
  };
  await client.post(`${API}/hello`, hello); // a wrong token or version throws WorkerRefused here, before any job
  fs.mkdirSync(opts.home, { recursive: true });
  const cache = datasetCache(opts.home, client, log);
  const executor = createLocalExecutor({ concurrency });
  const state = { closed: false };
  const current = new Set<string>();
  const stopped = new Set<string>();

  const applyStops = (s: StopList) => {
    for (const id of s.stop) if (current.has(id) && !stopped.has(id)) {
      stopped.add(id);
      log(`run ${id}: stopped by the coordinator`);
      executor.stop(id);
    }
  };
  const send = async (runId: string, attempt: number, events: TrainEvent[]) => {
    const batch: EventBatch = { workerId: hello.workerId, attempt, events };
    applyStops(await untilDone(() => client.post<StopList>(`${API}/runs/${runId}/events`, batch), `run ${runId}: reporting`, state));
  };
  const heartbeat = setInterval(() => {
    client.post<StopList>(`${API}/heartbeat`, { workerId: hello.workerId, current: [...current], backend: hello.backend, device: hello.device })
      .then(applyStops)
      .catch(() => client.post(`${API}/hello`, hello).catch(() => {})); // a restarted coordinator learns us again
  }, 2000);
  heartbeat.unref();

  const train = async (job: Job<RunJobData>): Promise<string> => {
    const data = job.data;
    if (data.protocol !== PROTOCOL) throw new Error(`Job ${job.id} speaks worker protocol ${data.protocol}; this worker speaks ${PROTOCOL}. Install the coordinator's version here.`);
    const { runId } = data;
    const attempt = Math.max(job.attemptsStarted ?? 0, job.attemptsMade + (job.stalledCounter ?? 0) + 1);
    log(`run ${runId}: taken (attempt ${attempt})`);
    current.add(runId);
    try {
      await cache.ensure(data.datasets);
      const config = { ...data.config, ...(opts.backend ? { backend: opts.backend } : {}) };
      await fs.promises.rm(artifactsDir(opts.home, runId), { recursive: true, force: true });
      // events go out in order, one batch at a time; progress is thinned to one a second
      let chain = Promise.resolve();
      let lastProgress = 0;
      let end!: Extract<TrainEvent, { type: 'finished' }>;
      await new Promise<void>((resolve) => {
        const off = executor.onEvent((e: ExecutorEvent) => {
          if (e.runId !== runId) return;
          const event: TrainEvent = e;
          if (event.type === 'progress') {
            if (Date.now() - lastProgress < 1000) return;
            lastProgress = Date.now();
          }
          if (event.type === 'started') {
            hello.backend = event.backend;
            hello.device = event.device;
          }
          if (event.type === 'finished') {
            end = event;
            off();
            resolve();
            return;
          }
          chain = chain.then(() => send(runId, attempt, [event]));
        });
        executor.submit({ runId, config, datasets: data.datasets, dataDir: opts.home });
      });
      await chain;
      if (state.closed) return await new Promise<string>(() => {}); // closing: the job lapses and is handed on
      const dir = artifactsDir(opts.home, runId);
      for (const name of [MODEL_FILE, WEIGHTS_FILE]) {
        const file = path.join(dir, name);
        if (!fs.existsSync(file)) continue;
        const body = await fs.promises.readFile(file);
        await untilDone(() => client.put(`${API}/runs/${runId}/artifacts/${name}`, body), `run ${runId}: uploading ${name}`, state);
      }
      await send(runId, attempt, [end]);
      await fs.promises.rm(dir, { recursive: true, force: true });
      log(`run ${runId}: ${end.status}${end.error ? ` (${end.error})` : ''}`);
      return end.status;
    } catch (err) {
      // the run could not train here (a dataset that fails its checksum, …): the coordinator records why
      if (!state.closed) await send(runId, attempt, [{ type: 'finished', status: 'failed', error: (err as Error).message }]).catch(() => {});
      throw err;
    } finally {
      current.delete(runId);
      stopped.delete(runId);
    }
  };

  const connection = new Redis(opts.queue, { maxRetriesPerRequest: null });
  let lastError = '';
  connection.on('error', (err: Error) => {
    if (err.message !== lastError) log(`the queue at ${redactUrl(opts.queue)} is unreachable: ${err.message} (retrying)`);
    lastError = err.message;
  });
  connection.on('ready', () => {
    if (lastError) log(`the queue at ${redactUrl(opts.queue)} is reachable again`);
    lastError = '';
  });
  const lock = opts.lockMs ?? 30_000;
  const worker = new Worker<RunJobData>(QUEUE_NAME, train, {
    connection,
    concurrency,
    lockDuration: lock,
    stalledInterval: Math.max(500, Math.floor(lock / 2)),
    maxStalledCount: opts.maxStalls ?? 2,
  });
  worker.on('error', () => {}); // connection trouble is reported above; BullMQ reconnects by itself
  log(`${hello.workerId} taking runs from ${redactUrl(opts.queue)} for ${client.url} (concurrency ${concurrency})`);

  return {
    id: hello.workerId,
    async close() {
      state.closed = true;
      clearInterval(heartbeat);
      // a forced close leaves an unfinished job to the stalled-job check: another worker takes it
      await worker.close(true).catch(() => {});
      connection.disconnect();
      await executor.close();
    },
  };
}

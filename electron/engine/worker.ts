// The training worker (a worker_threads thread): backend → datasets → model → training loop → weights on
// disk, posting TrainEvents to the parent. The parent sends { type: 'stop' } to stop it between steps.
import { parentPort, workerData } from 'node:worker_threads';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { RunJob, TrainEvent } from './types.js';
import { artifactsDir, epochCheckpointDir, keepsEpochCheckpoints, saveModelWeights } from './train/artifacts.js';

export type WorkerMessage = { type: 'stop' };

async function run(job: RunJob, post: (e: TrainEvent) => void, signal: AbortSignal): Promise<void> {
  const { config } = job;
  // before any data is loaded or weight allocated: a design over this machine's budget fails the run by name
  const { overBudget } = await import('./memory-budget.js');
  const infos: DatasetInfo[] = job.datasets;
  const over = overBudget(config, infos);
  if (over) throw new Error(over);
  // imported here so that a missing native backend or a broken module fails the run, not the thread's start
  const { initBackend } = await import('./backend.js');
  const { explainGpuMemoryFailure } = await import('./backends/gpu-memory.js');
  const { loadDataset } = await import('../datasets/load.js');
  const { buildModel } = await import('./model/index.js');
  const { train } = await import('./train/loop.js');

  const { tf, backend, device, versions } = await initBackend(config.backend);
  post({ type: 'started', backend, device, versions });
  const datasets = [];
  for (const info of infos) {
    datasets.push(await loadDataset(job.dataDir, info));
    if (signal.aborted) return post({ type: 'finished', status: 'stopped', error: 'Stopped by the user' });
  }
  const model = buildModel(tf, config.design, infos, { seed: config.seed });
  let finished: TrainEvent | null = null;
  try {
    const result = await train({
      tf,
      model,
      datasets,
      config,
      runId: job.runId,
      signal,
      started: false,
      onEvent: (e) => (e.type === 'finished' ? (finished = explainGpuMemoryFailure(e, config, device)) : post(e)),
      // selection by Δm is settled once the baselines have ended: keep every epoch until then
      ...(keepsEpochCheckpoints(config)
        ? { onEpochEnd: async (epoch: number) => void (await saveModelWeights(tf, model, config.design, epochCheckpointDir(artifactsDir(job.dataDir, job.runId), epoch), { runId: job.runId, epoch })) }
        : {}),
    });
    const end = finished as unknown as Extract<TrainEvent, { type: 'finished' }>;
    // the loop leaves the model with the selected epoch's weights
    const epoch = result.selectedEpoch ?? (result.epochs > 0 ? result.epochs : null);
    let saved = false;
    if ((end.status === 'completed' || end.status === 'stopped') && epoch !== null) {
      try {
        await saveModelWeights(tf, model, config.design, artifactsDir(job.dataDir, job.runId), {
          runId: job.runId,
          status: end.status,
          epoch,
          selection: config.selection ?? { kind: 'default' },
          seed: config.seed,
          backend,
          datasets: infos.map((d) => ({ id: d.id, checksum: d.checksum })),
        });
        saved = true;
      } catch (err) {
        if (end.status === 'completed') {
          return post({ type: 'finished', status: 'failed', error: `Training completed but its weights could not be saved: ${(err as Error).message}` });
        }
      }
    }
    post(saved && epoch !== null ? { ...end, weightsEpoch: epoch } : end);
  } finally {
    model.dispose();
  }
}

if (parentPort) {
  const port = parentPort;
  const controller = new AbortController();
  const onMessage = (m: WorkerMessage) => {
    if (m?.type === 'stop') controller.abort();
  };
  port.on('message', onMessage);
  const post = (e: TrainEvent) => port.postMessage(e);
  run(workerData as RunJob, post, controller.signal)
    .catch((err: unknown) => post({ type: 'finished', status: 'failed', error: (err as Error)?.message ?? String(err) }))
    .finally(async () => {
      // a live WebGPU device would keep this thread from ending
      await import('./backend.js').then((m) => m.releaseBackends()).catch(() => {});
      port.off('message', onMessage);
      port.unref(); // let the thread end once the last message is out
    });
}

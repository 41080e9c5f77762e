// Trains through the engine (model builder + training loop) on webgpu and records, after every epoch, the
// live tensors and the GPU bytes in use: the leak check.
import { initBackend } from '../../../electron/engine/backend.js';
import { buildModel } from '../../../electron/engine/model/index.js';
import { train, type TrainResult } from '../../../electron/engine/train/index.js';
import type { BuiltModel } from '../../../electron/engine/model/types.js';
import type { LoadedDataset, TrainEvent } from '../../../electron/engine/types.js';
import type { MetricRow, RunConfig } from '../../../shared/run.js';
import { quiet } from './adapter.js';

export interface EpochMemory {
  epoch: number;
  tensors: number;
  gpuBytes: number;
}

export interface GpuRun {
  result: TrainResult;
  events: TrainEvent[];
  rows: MetricRow[];
  memory: EpochMemory[];
  model: BuiltModel;
}

/** The caller disposes `model` (it may want to save or read its weights first). */
export async function trainOnWebgpu(cfg: RunConfig, datasets: LoadedDataset[], extra: { signal?: AbortSignal; onEvent?: (e: TrainEvent) => void } = {}): Promise<GpuRun> {
  const { tf } = await initBackend('webgpu', quiet);
  const model = buildModel(tf, cfg.design, datasets.map((d) => d.info), { seed: cfg.seed });
  const events: TrainEvent[] = [];
  const memory: EpochMemory[] = [];
  const result = await train({
    tf,
    model,
    datasets,
    config: cfg,
    runId: 'gpu-run',
    signal: extra.signal,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'metrics' && e.rows.length > 0) {
        const m = tf.memory() as { numTensors: number; numBytesInGPU?: number };
        memory.push({ epoch: Math.max(...e.rows.map((r) => r.epoch)), tensors: m.numTensors, gpuBytes: m.numBytesInGPU ?? -1 });
      }
      extra.onEvent?.(e);
    },
  });
  return { result, events, rows: events.flatMap((e) => (e.type === 'metrics' ? e.rows : [])), memory, model };
}

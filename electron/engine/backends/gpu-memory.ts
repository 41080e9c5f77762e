// A run that ran out of GPU memory fails with a message a user can act on: which batch size and design did
// not fit, on which device, and that the epochs before it are kept.
import type { RunConfig } from '../../../shared/run.js';
import type { TrainEvent } from '../types.js';

/** What backends/webgpu.ts puts at the start of a device memory error's message. */
export const GPU_MEMORY_MARK = 'out of GPU memory';

type Finished = Extract<TrainEvent, { type: 'finished' }>;

export function explainGpuMemoryFailure(e: Finished, config: Pick<RunConfig, 'batchSize' | 'design'>, device: string): Finished {
  if (e.status !== 'failed' || !e.error?.includes(GPU_MEMORY_MARK)) return e;
  const detail = e.error.slice(e.error.indexOf(GPU_MEMORY_MARK));
  const error =
    `Out of GPU memory at batch size ${config.batchSize} with design '${config.design.name}' on ${device}. ` +
    `The epochs before this one are kept; try a smaller batch size or a smaller design. (${detail})`;
  return { ...e, error };
}

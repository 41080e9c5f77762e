// Before a run: how many steps make an epoch (as the training loop's sampler plans them) and about how long the
// run takes at a measured speed (the design's MACs per sample × samples per epoch × epochs ÷ measured MACs/s).
// One definition for the launch form, the sweep form and the affinity cost.
import type { DatasetInfo } from './dataset.js';
import type { RunConfig } from './run.js';
import { validateDesign } from './validate.js';

type EpochConfig = Pick<RunConfig, 'datasets' | 'batchSize' | 'maxStepsPerEpoch' | 'sampling'>;

function trainRows(config: EpochConfig, datasets: DatasetInfo[]): number[] {
  return config.datasets.map((id) => datasets.find((d) => d.id === id)?.splits.train ?? 0);
}

/**
 * Steps per epoch: round-robin (or one dataset) passes the largest dataset once, every dataset drawing a batch
 * each step; proportional passes all of them together, one dataset per step. Capped by maxStepsPerEpoch.
 */
export function stepsPerEpoch(config: EpochConfig, datasets: DatasetInfo[]): number {
  const rows = trainRows(config, datasets);
  const per = config.sampling === 'proportional' && rows.length > 1 ? rows.reduce((a, b) => a + b, 0) : Math.max(0, ...rows);
  return Math.min(config.maxStepsPerEpoch ?? Infinity, Math.max(1, Math.ceil(per / config.batchSize)));
}

/** Samples one epoch trains on, about (what the loop's samples_per_sec counts): each step's batch per drawing dataset. */
export function samplesPerEpoch(config: EpochConfig, datasets: DatasetInfo[]): number {
  const rows = trainRows(config, datasets);
  const proportional = config.sampling === 'proportional' && rows.length > 1;
  const per = proportional ? rows.reduce((a, b) => a + b, 0) : Math.max(0, ...rows);
  return Math.min(stepsPerEpoch(config, datasets) * config.batchSize, per) * (proportional ? 1 : rows.length);
}

/** A speed measured on this machine: a finished run's samples/s and its design's MACs per sample. */
export interface SpeedSample {
  samplesPerSec: number;
  macsPerSample: number;
}

/** Seconds one run takes at the measured MACs per second (null: nothing to go on). */
export function estimateRunSeconds(
  config: EpochConfig & Pick<RunConfig, 'design' | 'epochs'>,
  datasets: DatasetInfo[],
  speed: SpeedSample | null,
): { seconds: number; macs: number } | null {
  if (!speed) return null;
  const infos = config.datasets.map((id) => datasets.find((d) => d.id === id)).filter((d): d is DatasetInfo => !!d);
  if (infos.length === 0) return null;
  const macs = validateDesign(config.design, infos).totals.macs;
  const macsPerSec = speed.samplesPerSec * speed.macsPerSample;
  if (!(macs > 0) || !(macsPerSec > 0)) return null;
  return { seconds: (config.epochs * samplesPerEpoch(config, infos) * macs) / macsPerSec, macs };
}

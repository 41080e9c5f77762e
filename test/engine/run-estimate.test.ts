// The launch form's "steps per epoch" (shared/run-estimate.ts) is what the training loop's sampler plans, for one
// dataset and several, round-robin and proportional, with and without a cap; the samples it counts match the plan.
import { describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../shared/dataset.js';
import { samplesPerEpoch, stepsPerEpoch } from '../../shared/run-estimate.js';
import { planEpoch } from '../../electron/engine/train/sampler.js';
import { createRandom } from '../../electron/engine/train/random.js';

const info = (id: string, train: number) => ({ id, splits: { train, validation: 10, test: 10 } }) as unknown as DatasetInfo;
const DATA = [info('a', 1000), info('b', 250), info('c', 37)];

describe('steps per epoch before a run', () => {
  const cases = [
    { datasets: ['a'], batchSize: 128 },
    { datasets: ['c'], batchSize: 128 },
    { datasets: ['a', 'b'], batchSize: 64 },
    { datasets: ['a', 'b', 'c'], batchSize: 100, sampling: 'proportional' as const },
    { datasets: ['a', 'b'], batchSize: 32, maxStepsPerEpoch: 5 },
    { datasets: ['b', 'c'], batchSize: 16, sampling: 'proportional' as const, maxStepsPerEpoch: 7 },
  ];
  for (const c of cases) {
    it(`${c.datasets.join('+')} batch ${c.batchSize}${c.sampling ? ` ${c.sampling}` : ''}${c.maxStepsPerEpoch ? ` cap ${c.maxStepsPerEpoch}` : ''}`, () => {
      const sizes = c.datasets.map((id) => DATA.find((d) => d.id === id)!.splits.train);
      const plan = planEpoch(c.sampling ?? 'round-robin', sizes, c.batchSize, createRandom(1), c.maxStepsPerEpoch);
      expect(stepsPerEpoch(c, DATA)).toBe(plan.steps);
      // samples: every drawing dataset's batch per step, no more than one pass of what the epoch covers
      let drawn = 0;
      for (let s = 0; s < plan.steps; s++) drawn += plan.routesAt(s).length * c.batchSize;
      expect(samplesPerEpoch(c, DATA)).toBeLessThanOrEqual(drawn);
      expect(samplesPerEpoch(c, DATA)).toBeGreaterThan(drawn - c.batchSize * c.datasets.length);
    });
  }
});

// Tasks from two datasets of very different sizes (1,000 and 20,000 rows) sharing one trunk.
import { describe, expect, it } from 'vitest';
import { planEpoch } from '../../../electron/engine/train/sampler.js';
import { createRandom } from '../../../electron/engine/train/random.js';
import { config, runTraining, tinyDataset, trunkDesign } from './helpers.js';

const small = tinyDataset({ id: 'small', rows: 1000, tasks: ['left'], seed: 21, validation: 0.1, test: 0.1 });
const big = tinyDataset({ id: 'big', rows: 20000, tasks: ['right'], seed: 22, validation: 0.1, test: 0.1 });
const design = trunkDesign([{ dataset: 'small', task: 'left' }, { dataset: 'big', task: 'right' }]);
const batchSize = 64;
const trainSmall = 800;
const trainBig = 16000;

describe('multi-dataset sampling', () => {
  it('round-robin: every task draws a batch every step; an epoch is one pass over the largest dataset', async () => {
    const run = await runTraining(config({ design, datasets: ['small', 'big'], sampling: 'round-robin', epochs: 1, batchSize }), [small, big]);
    expect(run.result.status, run.result.error).toBe('completed');
    const steps = Math.ceil(trainBig / batchSize);
    expect(run.result.steps).toBe(steps);
    expect(run.result.batches).toEqual({ left: steps, right: steps });
    expect(run.last('diagnostics', 'left', 'batches')).toBe(steps);
    expect(run.last('diagnostics', 'right', 'batches')).toBe(steps);
    const progress = run.events.find((e) => e.type === 'progress');
    expect(progress && progress.type === 'progress' && progress.stepsPerEpoch).toBe(steps);
    // each task is evaluated on its own dataset's held-out rows and beats chance
    expect(run.last('test', 'left', 'accuracy')!).toBeGreaterThan(0.6);
    expect(run.last('test', 'right', 'accuracy')!).toBeGreaterThan(0.8);
  });

  it('proportional: tasks drawn ∝ dataset size, one dataset per step; an epoch passes all rows once', async () => {
    const run = await runTraining(config({ design, datasets: ['small', 'big'], sampling: 'proportional', epochs: 2, batchSize }), [small, big]);
    expect(run.result.status, run.result.error).toBe('completed');
    const stepsPerEpoch = Math.ceil((trainSmall + trainBig) / batchSize);
    expect(run.result.steps).toBe(2 * stepsPerEpoch);
    const { left, right } = run.result.batches;
    expect(left + right).toBe(2 * stepsPerEpoch); // exactly one dataset per step
    const expected = (2 * stepsPerEpoch * trainSmall) / (trainSmall + trainBig); // ≈ 25
    expect(left).toBeGreaterThan(expected - 4 * Math.sqrt(expected)); // within 4σ of the binomial mean
    expect(left).toBeLessThan(expected + 4 * Math.sqrt(expected));
    const perEpoch = run.curve('diagnostics', 'left', 'batches').map((v, i) => v + run.curve('diagnostics', 'right', 'batches')[i]);
    expect(perEpoch).toEqual([stepsPerEpoch, stepsPerEpoch]);
    expect(run.last('test', 'left', 'accuracy')!).toBeGreaterThan(0.45);
    expect(run.last('test', 'right', 'accuracy')!).toBeGreaterThan(0.8);
  });

  it('a gradient strategy works unchanged on tasks from different datasets', async () => {
    const run = await runTraining(
      config({ design, datasets: ['small', 'big'], sampling: 'round-robin', epochs: 1, batchSize, maxStepsPerEpoch: 60, weighting: { name: 'pcgrad', params: {} } }),
      [small, big],
    );
    expect(run.result.status, run.result.error).toBe('completed');
    expect(run.result.batches).toEqual({ left: 60, right: 60 });
    expect(run.last('diagnostics', 'left|right', 'grad_cos')).toBeDefined();
    expect(run.last('test', 'right', 'accuracy')!).toBeGreaterThan(0.7);
  });

  it('MGDA-UB (representation gradients) works across datasets under both samplings', async () => {
    for (const sampling of ['round-robin', 'proportional'] as const) {
      const run = await runTraining(
        config({ design, datasets: ['small', 'big'], sampling, epochs: 1, batchSize, maxStepsPerEpoch: 40, weighting: { name: 'mgda', params: {} } }),
        [small, big],
      );
      expect(run.result.status, `${sampling}: ${run.result.error}`).toBe('completed');
      expect(run.result.gradients).toBe('representation');
      expect(run.result.batches.left + run.result.batches.right).toBe(sampling === 'round-robin' ? 80 : 40);
      expect(run.last('test', 'right', 'accuracy')!).toBeGreaterThan(0.65);
    }
  });

  it('plans are seeded: the same seed picks the same datasets', () => {
    const a = planEpoch('proportional', [800, 16000], 64, createRandom(5));
    const b = planEpoch('proportional', [800, 16000], 64, createRandom(5));
    const picks = (p: typeof a) => Array.from({ length: p.steps }, (_, s) => p.routesAt(s)[0]);
    expect(picks(a)).toEqual(picks(b));
    expect(planEpoch('round-robin', [800, 16000], 64, createRandom(5), 10).steps).toBe(10);
  });
});

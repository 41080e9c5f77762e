// Run options that change how training goes: early stopping, gradient clipping, step caps, schedules, loss weights.
import { describe, expect, it } from 'vitest';
import { config, runTraining, tinyDataset } from './helpers.js';

describe('run options', () => {
  it('early stopping ends the run `patience` epochs after the best validation value', async () => {
    // labels of the validation rows are shuffled: validation loss soon stops improving
    const ds = tinyDataset({ rows: 300, seed: 5 });
    const v = ds.splits.validation;
    const shuffled = Array.from(v).map((i) => ds.labels.left[i]).reverse();
    v.forEach((row, i) => (ds.labels.left[row] = shuffled[i]));
    const run = await runTraining(config({ epochs: 30, optimizer: { name: 'adam', lr: 0.05 }, earlyStopping: { task: 'left', metric: 'loss', patience: 2 } }), [ds]);
    expect(run.result.status).toBe('completed');
    expect(run.result.epochs).toBeLessThan(30);
    expect(run.result.bestEpoch).not.toBeNull();
    expect(run.result.epochs).toBe(run.result.bestEpoch! + 2);
    const losses = run.curve('validation', 'left', 'loss');
    expect(Math.min(...losses)).toBe(losses[run.result.bestEpoch! - 1]);
  });

  it('clipNorm bounds each update: a tiny clip norm barely moves the weights', async () => {
    const ds = tinyDataset({ rows: 200 });
    const free = await runTraining(config({ epochs: 2, optimizer: { name: 'sgd', lr: 0.5 } }), [ds]);
    const clipped = await runTraining(config({ epochs: 2, optimizer: { name: 'sgd', lr: 0.5 }, clipNorm: 1e-4 }), [ds]);
    const drop = (r: typeof free) => r.curve('train', 'left', 'loss')[0] - r.curve('train', 'left', 'loss')[1];
    expect(drop(free)).toBeGreaterThan(0.05);
    expect(Math.abs(drop(clipped))).toBeLessThan(0.01);
  });

  it('maxStepsPerEpoch caps the steps; the schedule is reported as lr', async () => {
    const ds = tinyDataset({ rows: 400 });
    const run = await runTraining(config({ epochs: 3, maxStepsPerEpoch: 2, schedule: { kind: 'step', stepSize: 1, gamma: 0.5 } }), [ds]);
    expect(run.result.steps).toBe(6);
    expect(run.curve('diagnostics', '', 'lr')).toEqual([0.01, 0.005, 0.0025]);
  });

  it('a head’s loss weight scales its part of the objective', async () => {
    const ds = tinyDataset({ rows: 200 });
    const cfg = config({ epochs: 1 });
    cfg.design.nodes.find((n) => n.id === 'head1')!.params.lossWeight = 3;
    const run = await runTraining(cfg, [ds]);
    const ratio = run.last('diagnostics', 'right', 'weighted_loss')! / run.last('train', 'right', 'loss')!;
    expect(ratio).toBeCloseTo(3, 5);
  });
});

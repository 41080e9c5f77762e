import { describe, expect, it } from 'vitest';
import { config, runTraining, tf, tinyDataset, trunkDesign } from './helpers.js';

describe('training loop', () => {
  it('trains a 2-task model: losses fall, metrics of the right kind per split, events in order', async () => {
    const ds = tinyDataset({ rows: 400 });
    const before = tf.memory().numTensors;
    const run = await runTraining(config({ epochs: 4 }), [ds]);
    expect(run.result.status).toBe('completed');
    expect(run.events[0].type).toBe('started');
    expect(run.events.at(-1)).toEqual({ type: 'finished', status: 'completed' });
    expect(run.events.filter((e) => e.type === 'metrics')).toHaveLength(4);
    for (const task of ['left', 'right']) {
      const loss = run.curve('train', task, 'loss');
      expect(loss).toHaveLength(4);
      expect(loss[3]).toBeLessThan(loss[0]);
      const vLoss = run.curve('validation', task, 'loss');
      expect(vLoss[3]).toBeLessThan(vLoss[0]);
    }
    // multiclass: accuracy + f1; binary: accuracy + auc + f1 — on every split
    for (const split of ['train', 'validation', 'test']) {
      const metrics = (task: string) => run.rows.filter((r) => r.split === split && r.task === task && r.epoch === 4).map((r) => r.metric).sort();
      expect(metrics('left')).toEqual(['accuracy', 'f1', 'loss']);
      expect(metrics('right')).toEqual(['accuracy', 'auc', 'f1', 'loss']);
    }
    expect(run.last('test', 'left', 'accuracy')!).toBeGreaterThan(0.6); // chance is ~1/3
    expect(run.last('test', 'right', 'accuracy')!).toBeGreaterThan(0.75); // chance is ~1/2
    for (const r of run.rows) {
      expect(Number.isFinite(r.value)).toBe(true);
      if (['accuracy', 'f1', 'auc'].includes(r.metric)) expect(r.value).toBeGreaterThanOrEqual(0);
      if (['accuracy', 'f1', 'auc'].includes(r.metric)) expect(r.value).toBeLessThanOrEqual(1);
    }
    // diagnostics: weights, weighted losses, gradient norms and the cosine of the pair, lr, speed
    const diag = run.rows.filter((r) => r.split === 'diagnostics' && r.epoch === 4);
    const has = (task: string, metric: string) => diag.some((r) => r.task === task && r.metric === metric);
    for (const task of ['left', 'right']) for (const m of ['weight', 'weighted_loss', 'grad_norm', 'batches']) expect(has(task, m), `${task} ${m}`).toBe(true);
    expect(has('left|right', 'grad_cos')).toBe(true);
    expect(has('', 'lr') && has('', 'samples_per_sec')).toBe(true);
    const cos = diag.find((r) => r.metric === 'grad_cos')!.value;
    expect(cos).toBeGreaterThanOrEqual(-1);
    expect(cos).toBeLessThanOrEqual(1);
    // the model ends with the weights of the epoch selected on validation
    expect(run.result.selectedEpoch).toBeGreaterThanOrEqual(1);
    expect(run.result.selectedEpoch).toBeLessThanOrEqual(4);
    expect(run.result.samplesPerSec).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before); // nothing leaks
  });

  it('excludes missing labels from losses and metrics', async () => {
    const ds = tinyDataset({ rows: 300, missing: { right: 0.6 } });
    const run = await runTraining(config({ epochs: 2 }), [ds]);
    expect(run.result.status).toBe('completed');
    for (const r of run.rows) expect(Number.isFinite(r.value)).toBe(true);
    expect(run.last('train', 'right', 'loss')).toBeGreaterThan(0);
    // a task with every label missing trains nothing and reports no metric, but the run goes on
    const none = tinyDataset({ rows: 200, missing: { right: 1 } });
    const run2 = await runTraining(config({ epochs: 1 }), [none]);
    expect(run2.result.status).toBe('completed');
    expect(run2.last('validation', 'right', 'accuracy')).toBeUndefined();
    expect(run2.last('validation', 'left', 'accuracy')).toBeDefined();
  });

  it('a task with no labels in a batch sits out a gradient strategy’s combination; the other task still learns', async () => {
    const none = tinyDataset({ rows: 300, missing: { left: 1 } });
    const run = await runTraining(config({ epochs: 3, weighting: { name: 'mgda', params: {} } }), [none]);
    expect(run.result.status, run.result.error).toBe('completed');
    expect(run.last('test', 'right', 'accuracy')!).toBeGreaterThan(0.75);
    expect(run.last('diagnostics', 'left', 'weight')).toBe(0);
  });

  it('fails with a message naming the task and epoch when a loss becomes NaN', async () => {
    const ds = tinyDataset({ rows: 200, tasks: ['left', 'value'] });
    ds.labels.value = ds.labels.value.map((v) => v * 1e19); // squares overflow float32
    const cfg = config({
      design: trunkDesign([{ dataset: 'tiny', task: 'left' }, { dataset: 'tiny', task: 'value' }]),
      optimizer: { name: 'sgd', lr: 0.5 },
      epochs: 3,
    });
    const run = await runTraining(cfg, [ds]);
    expect(run.result.status).toBe('failed');
    expect(run.result.error).toMatch(/^Loss of task 'value' became (NaN|infinite) at epoch 1, step 1: lower the learning rate or clip gradients$/);
    expect(run.events.at(-1)).toEqual({ type: 'finished', status: 'failed', error: run.result.error });
  });

  it('stops within a step when the signal aborts', async () => {
    // asserted on events, not on a step count that depends on the machine's speed (progress is time-throttled)
    const ds = tinyDataset({ rows: 600 });
    const ac = new AbortController();
    let doneAtAbort = -1;
    let progressAfterAbort = 0;
    const run = await runTraining(config({ epochs: 50, batchSize: 8 }), [ds], {
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type !== 'progress') return;
        if (ac.signal.aborted) progressAfterAbort++;
        else {
          doneAtAbort = (e.epoch - 1) * e.stepsPerEpoch + e.step;
          ac.abort();
        }
      },
    });
    expect(doneAtAbort).toBeGreaterThan(0);
    expect(run.result.status).toBe('stopped');
    expect(run.events.at(-1)?.type).toBe('finished');
    expect(run.result.steps - doneAtAbort).toBeLessThanOrEqual(1);
    expect(progressAfterAbort).toBe(0);
  });

  it('is reproducible: the same seed twice gives identical metrics, another seed differs', async () => {
    const ds = tinyDataset({ rows: 240 });
    const values = async (seed: number) => (await runTraining(config({ epochs: 2, seed }), [ds])).rows.filter((r) => r.split !== 'diagnostics').map((r) => `${r.split}/${r.task}/${r.metric}=${r.value}`);
    const a = await values(3);
    expect(await values(3)).toEqual(a);
    expect(await values(4)).not.toEqual(a);
  });
});

// The training loop (not model.fit): per-task masked losses, a weighting strategy that never gets named
// here, our optimizers and schedules, seeded batches, per-epoch evaluation and diagnostics, early stopping,
// NaN detection, and a stop signal honoured between steps.
import type { MetricRow, RunConfig, Split } from '../../../shared/run.js';
import { isHigherBetter } from '../../../shared/metrics.js';
import type { LoadedDataset, TrainEvent } from '../types.js';
import type { BuiltModel, HeadBinding } from '../model/types.js';
import { computeMetrics, metricsForTask } from '../metrics/registry.js';
import { createStrategy } from '../weighting/registry.js';
import type { WeightingStrategy } from '../weighting/types.js';
import { RowCursor, disposeDatasets, uploadDatasets, type DeviceDataset } from './data.js';
import { evaluateRows, metricInput } from './evaluate.js';
import { createOptimizer, type Optimizer } from './optimizers.js';
import { deriveRandom } from './random.js';
import { planEpoch } from './sampler.js';
import { learningRate } from './schedule.js';
import { AffinityStats, lookaheadAffinity } from './affinity.js';
import { AFFINITY_METRIC, affinityPair } from '../../../shared/affinity.js';
import { EpochStats, pairKey } from './stats.js';
import { EpochSelector } from './selection.js';
import { gradientStep, lossStep, probeGram, type StepBatch, type StepContext } from './step.js';
import type { Tensor, Tf } from './tf.js';

export interface TrainOptions {
  tf: Tf;
  model: BuiltModel;
  datasets: LoadedDataset[];
  config: RunConfig;
  onEvent: (e: TrainEvent) => void;
  signal?: AbortSignal;
  /** Written into progress events and metric rows. */
  runId?: string;
  /** What the 'started' event reports; by default the current tfjs backend. */
  runtime?: { backend: string; device: string; versions: Record<string, string> };
  /** Least time between progress events (default 200 ms, so at most ~5 a second). */
  progressIntervalMs?: number;
  /** Emit the 'started' event (default true; the worker sends its own as soon as the backend is up). */
  started?: boolean;
  /** After each epoch's evaluation, with the model at that epoch's weights (the worker keeps per-epoch checkpoints). */
  onEpochEnd?: (epoch: number) => Promise<void>;
}

export type SplitMetrics = Record<string, Record<string, number>>;

export interface TrainResult {
  status: 'completed' | 'failed' | 'stopped';
  error?: string;
  /** Epochs fully trained and evaluated. */
  epochs: number;
  steps: number;
  /** The last epoch's values per split, task and metric. */
  last: Partial<Record<Split, SplitMetrics>>;
  /** The epoch early stopping judged best (1-based), where it was configured. */
  bestEpoch: number | null;
  /** The epoch selected on validation by the config's rule (shared/results/summary.ts); the model ends with its weights. */
  selectedEpoch: number | null;
  /** Batches drawn per task over the whole run. */
  batches: Record<string, number>;
  /** Where a gradient strategy took the task gradients (what the run really used); absent for loss strategies. */
  gradients?: 'parameters' | 'representation';
  /** Mean training step time (ms) and throughput (training samples per second, evaluation excluded). */
  stepMs: number;
  samplesPerSec: number;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

class NonFiniteLoss extends Error {}

export async function train(opts: TrainOptions): Promise<TrainResult> {
  const { tf, model, config, onEvent } = opts;
  const runId = opts.runId ?? '';
  const heads = model.heads;
  const keys = heads.map((h) => h.key);
  const k = heads.length;
  const batchesTotal: Record<string, number> = Object.fromEntries(keys.map((key) => [key, 0]));
  const result: TrainResult = { status: 'completed', epochs: 0, steps: 0, last: {}, bestEpoch: null, selectedEpoch: null, batches: batchesTotal, stepMs: 0, samplesPerSec: 0 };
  const runtime = opts.runtime ?? { backend: tf.getBackend(), device: 'unknown', versions: { ...(tf.version as unknown as Record<string, string>) } };
  if (opts.started !== false) onEvent({ type: 'started', backend: runtime.backend, device: runtime.device, versions: runtime.versions });

  let data: DeviceDataset[] = [];
  let strategy: WeightingStrategy | null = null;
  let optimizer: Optimizer | null = null;
  let snapshot: Tensor[] | null = null;
  let stepCtx: StepContext | null = null;
  let totalMs = 0;
  let totalSamples = 0;
  const finish = (status: TrainResult['status'], error?: string): TrainResult => {
    if (snapshot && status !== 'failed' && (status === 'stopped' || result.selectedEpoch !== result.epochs)) {
      // leave the model with the weights of the selected epoch (a stop mid-epoch has moved them past it)
      [...model.allVariables, ...model.stateVariables].forEach((v, i) => v.assign(snapshot![i]));
    }
    result.status = status;
    if (error) result.error = error;
    result.stepMs = result.steps > 0 ? totalMs / result.steps : 0;
    if (strategy?.needsTaskGradients) result.gradients = strategy.gradientTarget === 'representation' && stepCtx?.representation !== false ? 'representation' : 'parameters';
    result.samplesPerSec = totalMs > 0 ? (totalSamples * 1000) / totalMs : 0;
    onEvent(error ? { type: 'finished', status, error } : { type: 'finished', status });
    return result;
  };

  try {
    checkConfig(config, heads);
    const seed = config.seed;
    const batchSize = Math.floor(config.batchSize);
    strategy = createStrategy(config.weighting.name, config.weighting.params, { tf, tasks: keys, random: deriveRandom(seed, 'strategy') });
    optimizer = createOptimizer(tf, config.optimizer);
    data = uploadDatasets(tf, model, opts.datasets);
    for (const d of data) {
      if (d.trainRows.length === 0) throw new Error(`Dataset '${d.source.info.name}' has no training rows`);
    }
    // Row order is keyed on the data's checksum, not the dataset record's random id, so the same seed
    // reproduces a run on a re-created copy of the same dataset.
    const dataKey = (d: (typeof data)[number]) => d.source.info.checksum || d.id;
    const cursors = data.map((d) => new RowCursor(d.trainRows, deriveRandom(seed, `rows:${dataKey(d)}`)));
    // diagnostics draw from their own streams, so they never shift the training batches
    const probeCursors = data.map((d) => new RowCursor(d.trainRows, deriveRandom(seed, `probe:${dataKey(d)}`)));
    const planRandom = deriveRandom(seed, 'routes');
    const sampling = config.sampling ?? 'round-robin';
    const trainSizes = data.map((d) => d.trainRows.length);
    const largest = trainSizes.indexOf(Math.max(...trainSizes));
    const taskIndex = new Map(keys.map((key, i) => [key, i]));
    const ctx: StepContext = {
      tf,
      model,
      strategy,
      optimizer,
      taskIndex,
      clipNorm: config.clipNorm,
      noDecay: new Set(strategy.needsTaskGradients ? [] : strategy.variables.map((v) => v.name)),
    };
    stepCtx = ctx;
    const evalBatch = Math.max(batchSize, Math.min(1024, batchSize * 4));
    const progressEvery = opts.progressIntervalMs ?? 200;
    let lastProgress = -Infinity;
    let evalMsTotal = 0;
    const stopRequested = () => opts.signal?.aborted === true;
    const stopMessage = 'Stopped by the user';
    const es = config.earlyStopping;
    let bestMonitored: number | null = null;
    let sinceBest = 0;
    const selector = new EpochSelector(config);

    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const plan = planEpoch(sampling, trainSizes, batchSize, planRandom, config.maxStepsPerEpoch);
      const stats = new EpochStats(k);
      const affinity = config.affinity ? new AffinityStats(k) : null;
      let lr = config.optimizer.lr;

      for (let step = 0; step < plan.steps; step++) {
        if (stopRequested()) return finish('stopped', stopMessage);
        const batches: StepBatch[] = plan.routesAt(step).map((r) => ({
          d: data[r],
          rows: cursors[r].next(batchSize, sampling === 'round-robin' && r === largest),
        }));
        lr = learningRate(config.schedule, config.optimizer.lr, { epoch, step, stepsPerEpoch: plan.steps, epochs: config.epochs });
        const t0 = performance.now();
        const res = strategy.needsTaskGradients ? gradientStep(ctx, batches, lr) : lossStep(ctx, batches, lr);
        const ms = performance.now() - t0;
        res.rawLosses.forEach((l, i) => {
          if (!Number.isFinite(l)) {
            const what = Number.isNaN(l) ? 'NaN' : 'infinite';
            throw new NonFiniteLoss(`Loss of task '${res.heads[i].key}' became ${what} at epoch ${epoch + 1}, step ${step + 1}: lower the learning rate or clip gradients`);
          }
        });
        stats.addStep(res, batches, ms);
        strategy.onStepEnd?.(res.scaledLosses, res.tasks);
        if (affinity && (result.steps + 1) % config.affinity!.every === 0) affinity.add(lookaheadAffinity(ctx, batches, config.affinity!.lr ?? lr));
        for (const t of res.tasks) batchesTotal[keys[t]]++;
        totalMs += ms;
        totalSamples += batches.reduce((s, b) => s + b.rows.length, 0);
        result.steps++;
        const now = performance.now();
        // throttled, but an epoch's last step always reports, so a finished run reads "step N / N"
        if (now - lastProgress >= progressEvery || step === plan.steps - 1) {
          lastProgress = now;
          const stepsLeft = (config.epochs - epoch - 1) * plan.steps + (plan.steps - step - 1);
          const evalLeft = result.epochs > 0 ? (evalMsTotal / result.epochs) * (config.epochs - epoch) : 0;
          const losses: Record<string, number> = {};
          res.heads.forEach((h, i) => (losses[h.key] = res.rawLosses[i]));
          losses.total = res.rawLosses.reduce((a, b) => a + b, 0);
          onEvent({
            type: 'progress',
            runId,
            epoch: epoch + 1,
            epochs: config.epochs,
            step: step + 1,
            stepsPerEpoch: plan.steps,
            samplesPerSec: stats.trainMs > 0 ? (stats.samples * 1000) / stats.trainMs : 0,
            etaSec: (stepsLeft * (totalMs / result.steps) + evalLeft) / 1000,
            losses,
          });
        }
        await yieldToEventLoop();
      }

      // end of epoch: diagnostics, strategy update, evaluation
      const e0 = performance.now();
      // gradient norms and cosines on the shared parameters: from the steps where a gradient strategy
      // computed them there, else from one probe batch per dataset
      const stepsHadGram = strategy.needsTaskGradients && stats.gradNormCount.some((c) => c > 0);
      if (!stepsHadGram && k >= 2 && model.sharedVariables.length > 0) {
        const probe = probeGram(ctx, data.map((d, r) => ({ d, rows: probeCursors[r].next(batchSize) })));
        stats.addGram(probe.heads.map((h) => taskIndex.get(h.key)!), probe.gram);
      }
      strategy.onEpochEnd?.(keys.map((_, t) => stats.meanScaledLoss(t)), epoch + 1);

      const rows: MetricRow[] = [];
      const row = (split: MetricRow['split'], task: string, metric: string, value: number) => {
        if (Number.isFinite(value)) rows.push({ runId, epoch: epoch + 1, step: result.steps, split, task, metric, value });
      };
      const last: Partial<Record<Split, SplitMetrics>> = {};
      const record = (split: Split, task: string, values: Record<string, number>) => {
        (last[split] ??= {})[task] = values;
        for (const [m, v] of Object.entries(values)) row(split, task, m, v);
      };
      // train split: running losses and the predictions made while training
      let trainTotal = 0;
      heads.forEach((h, t) => {
        const { rows: seen, predictions } = stats.trainingOutputs(t);
        const values: Record<string, number> = { loss: stats.meanLoss(t) };
        if (seen.length > 0) Object.assign(values, computeMetrics(metricsForTask(h.spec.kind, h.metrics), metricInput(h, labelsOf(data, h), seen, predictions)));
        record('train', h.key, values);
        if (Number.isFinite(values.loss)) trainTotal += values.loss;
      });
      row('train', '', 'loss', trainTotal);
      for (const split of ['validation', 'test'] as const) {
        let total = 0;
        let any = false;
        for (const d of data) {
          const splitRows = d.source.splits[split];
          if (splitRows.length === 0) continue;
          const outs = await evaluateRows(tf, model, d, splitRows, evalBatch, stopRequested);
          if (!outs) return finish('stopped', stopMessage);
          for (const h of d.heads) {
            const o = outs[h.key];
            const values: Record<string, number> = { loss: o.labelled > 0 ? o.lossSum / o.labelled : NaN };
            Object.assign(values, computeMetrics(metricsForTask(h.spec.kind, h.metrics), metricInput(h, d.source.labels[h.task], splitRows, o.predictions)));
            record(split, h.key, values);
            if (Number.isFinite(values.loss)) {
              total += values.loss;
              any = true;
            }
          }
        }
        if (any) row(split, '', 'loss', total);
      }
      evalMsTotal += performance.now() - e0;

      // diagnostics
      const state = strategy.state?.();
      heads.forEach((h, t) => {
        if (stats.weightCount[t] > 0) {
          row('diagnostics', h.key, 'weight', stats.weightSum[t] / stats.weightCount[t]);
          row('diagnostics', h.key, 'weighted_loss', stats.weightedLossSum[t] / stats.weightCount[t]);
        }
        if (stats.gradNormCount[t] > 0) row('diagnostics', h.key, 'grad_norm', stats.gradNormSum[t] / stats.gradNormCount[t]);
        row('diagnostics', h.key, 'batches', stats.batches[t]);
        for (const [name, values] of Object.entries(state ?? {})) row('diagnostics', h.key, name, values[t]);
      });
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++) {
          if (stats.cosCount[a][b] > 0) row('diagnostics', pairKey(heads, a, b), 'grad_cos', stats.cosSum[a][b] / stats.cosCount[a][b]);
        }
      }
      for (const [a, b, z] of affinity?.means() ?? []) row('diagnostics', affinityPair(keys[a], keys[b]), AFFINITY_METRIC, z);
      row('diagnostics', '', 'lr', lr);
      row('diagnostics', '', 'samples_per_sec', stats.trainMs > 0 ? (stats.samples * 1000) / stats.trainMs : 0);
      row('diagnostics', '', 'step_ms', stats.steps > 0 ? stats.trainMs / stats.steps : 0);
      onEvent({ type: 'metrics', rows });
      result.epochs = epoch + 1;
      result.last = last;
      if (selector.add(epoch + 1, rows)) {
        snapshot?.forEach((t) => t.dispose());
        snapshot = [...model.allVariables, ...model.stateVariables].map((v) => tf.keep(v.clone()));
      }
      result.selectedEpoch = selector.selected;
      await opts.onEpochEnd?.(epoch + 1);

      if (es) {
        const value = monitored(last, data, heads, es.task, es.metric);
        const better = value !== null && (bestMonitored === null || (isHigherBetter(es.metric) ? value > bestMonitored : value < bestMonitored));
        if (better) {
          bestMonitored = value;
          sinceBest = 0;
          result.bestEpoch = epoch + 1;
        } else if (++sinceBest >= es.patience) {
          break;
        }
      }
    }
    return finish('completed');
  } catch (err) {
    const message = err instanceof NonFiniteLoss ? err.message : `Training failed: ${(err as Error)?.message ?? String(err)}`;
    return finish('failed', message);
  } finally {
    snapshot?.forEach((t) => t.dispose());
    disposeDatasets(data);
    optimizer?.dispose();
    strategy?.dispose?.();
  }
}

function labelsOf(data: DeviceDataset[], h: HeadBinding): Float32Array {
  const d = data.find((x) => x.id === h.dataset) ?? data.find((x) => x.heads.includes(h))!;
  return d.source.labels[h.task];
}

function checkConfig(config: RunConfig, heads: HeadBinding[]): void {
  if (heads.length === 0) throw new Error('The design has no task heads to train');
  if (!(config.epochs >= 1)) throw new Error(`epochs must be at least 1, got ${config.epochs}`);
  if (!(config.batchSize >= 1)) throw new Error(`batchSize must be at least 1, got ${config.batchSize}`);
  const es = config.earlyStopping;
  if (es) {
    const h = heads.find((x) => x.key === es.task) ?? heads.find((x) => x.task === es.task);
    if (!h) throw new Error(`Early stopping watches task '${es.task}', which no head trains (tasks: ${heads.map((x) => x.key).join(', ')})`);
    const allowed = ['loss', ...metricsForTask(h.spec.kind, h.metrics)];
    if (!allowed.includes(es.metric)) throw new Error(`Early stopping watches '${es.metric}' of task '${h.key}', which is not computed for it (use ${allowed.join(', ')})`);
  }
}

/** The value early stopping watches: validation split where the task's dataset has one, else train. */
function monitored(last: Partial<Record<Split, SplitMetrics>>, data: DeviceDataset[], heads: HeadBinding[], task: string, metric: string): number | null {
  const h = heads.find((x) => x.key === task) ?? heads.find((x) => x.task === task)!;
  const d = data.find((x) => x.heads.includes(h));
  const split: Split = d && d.source.splits.validation.length > 0 ? 'validation' : 'train';
  const v = last[split]?.[h.key]?.[metric];
  return v === undefined || !Number.isFinite(v) ? null : v;
}

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

const STOP_MESSAGE = 'Stopped by the user';

/** What setup() prepares for the epochs: the data on the device, the row streams, the step context. */
interface Session {
  opts: TrainOptions;
  keys: string[];
  data: DeviceDataset[];
  strategy: WeightingStrategy;
  optimizer: Optimizer;
  ctx: StepContext;
  cursors: RowCursor[];
  /** Diagnostics draw from their own streams, so they never shift the training batches. */
  probeCursors: RowCursor[];
  planRandom: ReturnType<typeof deriveRandom>;
  sampling: 'round-robin' | 'proportional';
  trainSizes: number[];
  largest: number;
  batchSize: number;
  evalBatch: number;
  stopRequested: () => boolean;
  /** Run-wide counters: training time and samples (for throughput and ETA), evaluation time, last progress event. */
  meter: { totalMs: number; totalSamples: number; evalMs: number; lastProgress: number };
}

/** One epoch's training: its statistics, task affinities (where asked for) and the last learning rate. */
interface EpochTraining {
  stats: EpochStats;
  affinity: AffinityStats | null;
  lr: number;
}

export async function train(opts: TrainOptions): Promise<TrainResult> {
  const { tf, model, config, onEvent } = opts;
  const keys = model.heads.map((h) => h.key);
  const result: TrainResult = {
    status: 'completed', epochs: 0, steps: 0, last: {}, bestEpoch: null, selectedEpoch: null,
    batches: Object.fromEntries(keys.map((key) => [key, 0])), stepMs: 0, samplesPerSec: 0,
  };
  const runtime = opts.runtime ?? { backend: tf.getBackend(), device: 'unknown', versions: { ...(tf.version as unknown as Record<string, string>) } };
  if (opts.started !== false) onEvent({ type: 'started', backend: runtime.backend, device: runtime.device, versions: runtime.versions });

  let session: Session | null = null;
  let data: DeviceDataset[] = [];
  let snapshot: Tensor[] | null = null;
  const finish = (status: TrainResult['status'], error?: string): TrainResult => {
    if (snapshot && status !== 'failed' && (status === 'stopped' || result.selectedEpoch !== result.epochs)) {
      // leave the model with the weights of the selected epoch (a stop mid-epoch has moved them past it)
      [...model.allVariables, ...model.stateVariables].forEach((v, i) => v.assign(snapshot![i]));
    }
    result.status = status;
    if (error) result.error = error;
    const meter = session?.meter;
    result.stepMs = meter && result.steps > 0 ? meter.totalMs / result.steps : 0;
    const strategy = session?.strategy;
    if (strategy?.needsTaskGradients) result.gradients = strategy.gradientTarget === 'representation' && session?.ctx.representation !== false ? 'representation' : 'parameters';
    result.samplesPerSec = meter && meter.totalMs > 0 ? (meter.totalSamples * 1000) / meter.totalMs : 0;
    onEvent(error ? { type: 'finished', status, error } : { type: 'finished', status });
    return result;
  };

  try {
    checkHeads(model.heads);
    session = setup(opts, keys, (d) => (data = d));
    const selector = new EpochSelector(config);
    const stopper = new EarlyStopper(config);
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const trained = await trainEpoch(session, epoch, result);
      if (!trained) return finish('stopped', STOP_MESSAGE);
      const evaluated = await evaluateEpoch(session, epoch, trained, result.steps);
      if (!evaluated) return finish('stopped', STOP_MESSAGE);
      onEvent({ type: 'metrics', rows: evaluated.rows });
      result.epochs = epoch + 1;
      result.last = evaluated.last;
      if (selector.add(epoch + 1, evaluated.rows)) {
        snapshot?.forEach((t) => t.dispose());
        snapshot = [...model.allVariables, ...model.stateVariables].map((v) => tf.keep(v.clone()));
      }
      result.selectedEpoch = selector.selected;
      await opts.onEpochEnd?.(epoch + 1);
      if (stopper.judge(evaluated.last, session.data, model.heads, epoch + 1, result)) break;
    }
    return finish('completed');
  } catch (err) {
    const message = err instanceof NonFiniteLoss ? err.message : `Training failed: ${(err as Error)?.message ?? String(err)}`;
    return finish('failed', message);
  } finally {
    snapshot?.forEach((t) => t.dispose());
    disposeDatasets(data);
    session?.optimizer.dispose();
    session?.strategy.dispose?.();
  }
}

/** The strategy, the optimizer, the data on the device and the seeded row streams. */
function setup(opts: TrainOptions, keys: string[], uploaded: (data: DeviceDataset[]) => void): Session {
  const { tf, model, config } = opts;
  const seed = config.seed;
  const batchSize = Math.floor(config.batchSize);
  const strategy = createStrategy(config.weighting.name, config.weighting.params, { tf, tasks: keys, random: deriveRandom(seed, 'strategy') });
  let optimizer: Optimizer | null = null;
  try {
    optimizer = createOptimizer(tf, config.optimizer);
    const data = uploadDatasets(tf, model, opts.datasets);
    uploaded(data);
    for (const d of data) {
      if (d.trainRows.length === 0) throw new Error(`Dataset '${d.source.info.name}' has no training rows`);
    }
    // Row order is keyed on the data's checksum, not the dataset record's random id, so the same seed
    // reproduces a run on a re-created copy of the same dataset.
    const dataKey = (d: DeviceDataset) => d.source.info.checksum || d.id;
    const trainSizes = data.map((d) => d.trainRows.length);
    const ctx: StepContext = {
      tf,
      model,
      strategy,
      optimizer,
      taskIndex: new Map(keys.map((key, i) => [key, i])),
      clipNorm: config.clipNorm,
      noDecay: new Set(strategy.needsTaskGradients ? [] : strategy.variables.map((v) => v.name)),
    };
    return {
      opts, keys, data, strategy, optimizer, ctx, batchSize, trainSizes,
      cursors: data.map((d) => new RowCursor(d.trainRows, deriveRandom(seed, `rows:${dataKey(d)}`))),
      probeCursors: data.map((d) => new RowCursor(d.trainRows, deriveRandom(seed, `probe:${dataKey(d)}`))),
      planRandom: deriveRandom(seed, 'routes'),
      sampling: config.sampling ?? 'round-robin',
      largest: trainSizes.indexOf(Math.max(...trainSizes)),
      evalBatch: Math.max(batchSize, Math.min(1024, batchSize * 4)),
      stopRequested: () => opts.signal?.aborted === true,
      meter: { totalMs: 0, totalSamples: 0, evalMs: 0, lastProgress: -Infinity },
    };
  } catch (err) {
    // the session never formed: release what was made (the caller disposes the uploaded data)
    optimizer?.dispose();
    strategy.dispose?.();
    throw err;
  }
}

/** One epoch of training steps, with progress events; null where a stop was requested. */
async function trainEpoch(s: Session, epoch: number, result: TrainResult): Promise<EpochTraining | null> {
  const { config, onEvent } = s.opts;
  const { strategy, ctx, meter, keys } = s;
  const plan = planEpoch(s.sampling, s.trainSizes, s.batchSize, s.planRandom, config.maxStepsPerEpoch);
  const stats = new EpochStats(keys.length);
  const affinity = config.affinity ? new AffinityStats(keys.length) : null;
  let lr = config.optimizer.lr;
  const progressEvery = s.opts.progressIntervalMs ?? 200;

  for (let step = 0; step < plan.steps; step++) {
    if (s.stopRequested()) return null;
    const batches: StepBatch[] = plan.routesAt(step).map((r) => ({
      d: s.data[r],
      rows: s.cursors[r].next(s.batchSize, s.sampling === 'round-robin' && r === s.largest),
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
    for (const t of res.tasks) result.batches[keys[t]]++;
    meter.totalMs += ms;
    meter.totalSamples += batches.reduce((n, b) => n + b.rows.length, 0);
    result.steps++;
    const now = performance.now();
    // throttled, but an epoch's last step always reports, so a finished run reads "step N / N"
    if (now - meter.lastProgress >= progressEvery || step === plan.steps - 1) {
      meter.lastProgress = now;
      const stepsLeft = (config.epochs - epoch - 1) * plan.steps + (plan.steps - step - 1);
      const evalLeft = result.epochs > 0 ? (meter.evalMs / result.epochs) * (config.epochs - epoch) : 0;
      const losses: Record<string, number> = {};
      res.heads.forEach((h, i) => (losses[h.key] = res.rawLosses[i]));
      losses.total = res.rawLosses.reduce((a, b) => a + b, 0);
      onEvent({
        type: 'progress',
        runId: s.opts.runId ?? '',
        epoch: epoch + 1,
        epochs: config.epochs,
        step: step + 1,
        stepsPerEpoch: plan.steps,
        samplesPerSec: stats.trainMs > 0 ? (stats.samples * 1000) / stats.trainMs : 0,
        etaSec: (stepsLeft * (meter.totalMs / result.steps) + evalLeft) / 1000,
        losses,
      });
    }
    await yieldToEventLoop();
  }
  return { stats, affinity, lr };
}

/**
 * The end of an epoch: gradient diagnostics, the strategy's epoch update, every split's metrics and the
 * diagnostics rows; null where a stop was requested during evaluation.
 */
async function evaluateEpoch(s: Session, epoch: number, trained: EpochTraining, steps: number): Promise<{ rows: MetricRow[]; last: Partial<Record<Split, SplitMetrics>> } | null> {
  const { tf, model, runId = '' } = s.opts;
  const { strategy, data, keys } = s;
  const { stats, affinity, lr } = trained;
  const heads = model.heads;
  const k = heads.length;
  const e0 = performance.now();
  // gradient norms and cosines on the shared parameters: from the steps where a gradient strategy
  // computed them there, else from one probe batch per dataset
  const stepsHadGram = strategy.needsTaskGradients && stats.gradNormCount.some((c) => c > 0);
  if (!stepsHadGram && k >= 2 && model.sharedVariables.length > 0) {
    const probe = probeGram(s.ctx, data.map((d, r) => ({ d, rows: s.probeCursors[r].next(s.batchSize) })));
    stats.addGram(probe.heads.map((h) => s.ctx.taskIndex.get(h.key)!), probe.gram);
  }
  strategy.onEpochEnd?.(keys.map((_, t) => stats.meanScaledLoss(t)), epoch + 1);

  const rows: MetricRow[] = [];
  const row = (split: MetricRow['split'], task: string, metric: string, value: number) => {
    if (Number.isFinite(value)) rows.push({ runId, epoch: epoch + 1, step: steps, split, task, metric, value });
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
      const outs = await evaluateRows(tf, model, d, splitRows, s.evalBatch, s.stopRequested);
      if (!outs) return null;
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
  s.meter.evalMs += performance.now() - e0;

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
  return { rows, last };
}

/** Early stopping on a task metric of the validation split (where the config asks for it). */
class EarlyStopper {
  private best: number | null = null;
  private sinceBest = 0;
  constructor(private readonly config: RunConfig) {}

  /** Records the epoch; true when patience has run out. Sets result.bestEpoch on an improvement. */
  judge(last: Partial<Record<Split, SplitMetrics>>, data: DeviceDataset[], heads: HeadBinding[], epoch: number, result: TrainResult): boolean {
    const es = this.config.earlyStopping;
    if (!es) return false;
    const value = monitored(last, data, heads, es.task, es.metric);
    const better = value !== null && (this.best === null || (isHigherBetter(es.metric) ? value > this.best : value < this.best));
    if (better) {
      this.best = value;
      this.sinceBest = 0;
      result.bestEpoch = epoch;
      return false;
    }
    return ++this.sinceBest >= es.patience;
  }
}

function labelsOf(data: DeviceDataset[], h: HeadBinding): Float32Array {
  const d = data.find((x) => x.id === h.dataset) ?? data.find((x) => x.heads.includes(h))!;
  return d.source.labels[h.task];
}

/** The config was checked at the service edge (schema, strategy, design, early stopping); only the model's own fact is left. */
function checkHeads(heads: HeadBinding[]): void {
  if (heads.length === 0) throw new Error('The design has no task heads to train');
}

/** The value early stopping watches: validation split where the task's dataset has one, else train. */
function monitored(last: Partial<Record<Split, SplitMetrics>>, data: DeviceDataset[], heads: HeadBinding[], task: string, metric: string): number | null {
  const h = heads.find((x) => x.key === task) ?? heads.find((x) => x.task === task)!;
  const d = data.find((x) => x.heads.includes(h));
  const split: Split = d && d.source.splits.validation.length > 0 ? 'validation' : 'train';
  const v = last[split]?.[h.key]?.[metric];
  return v === undefined || !Number.isFinite(v) ? null : v;
}

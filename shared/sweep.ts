// Sweeps: a base config plus axes, expanded into trials (one run each). Pure: the service resolves designs
// and stores the trials; this file only says which configurations and seeds a spec means.
import type { OptimizerConfig, RunConfig } from './run.js';
import type { SweepResults } from './sweep-results.js';
import { mulberry32 } from './random.js';

export type SweepStatus = 'running' | 'paused' | 'cancelled' | 'completed';

export interface SweepStrategyAxis {
  /** A weighting strategy's registry name ('ew', 'uw', 'cagrad', …). */
  name: string;
  /** Values to try per strategy parameter (its own axes): { alpha: [0.2, 0.5] }. */
  params?: Record<string, unknown[]>;
}

/** A design axis entry: a template built on the base datasets, or a saved design. */
export type SweepDesignAxis = { template: string } | { designId: string };

export interface SweepSpec {
  name?: string;
  /** Everything a trial does not vary: design, datasets, epochs, schedule, … (seed and seeds are ignored). */
  base: RunConfig;
  axes: {
    strategies?: SweepStrategyAxis[];
    lr?: number[];
    batchSize?: number[];
    optimizer?: OptimizerConfig['name'][];
    designs?: SweepDesignAxis[];
    /** Every configuration runs once per seed (default: the base seed). */
    seeds?: number[];
  };
  /** 'grid': every combination; 'random': `trials` configurations drawn per strategy. */
  mode?: 'grid' | 'random';
  /** Configurations per strategy for 'random' (and the cap for 'grid' when set). */
  trials?: number;
  /**
   * The budget rule: 'equal' (default) gives every strategy the same number of configurations (the
   * smallest strategy's space caps the others); 'none' lets each strategy take its whole grid.
   */
  budget?: 'equal' | 'none';
  /** Seed of the random draws, so a spec always expands to the same trials (default 0). */
  sampleSeed?: number;
  /** Set by the workbench when the sweep starts: the designs of axes.designs, built or loaded then. */
  resolvedDesigns?: RunConfig['design'][];
}

/** What one trial changes in the base config. */
export interface TrialOverrides {
  weighting: { name: string; params: Record<string, unknown> };
  lr: number;
  batchSize: number;
  optimizer: OptimizerConfig['name'];
  /** Index into axes.designs; -1 for the base design. */
  design: number;
  seed: number;
}

export interface PlannedTrial {
  index: number;
  /** Identifies the configuration (everything but the seed): trials of one key are seeds of one configuration. */
  key: string;
  overrides: TrialOverrides;
}

export interface SweepPlan {
  trials: PlannedTrial[];
  /** Configurations per strategy (before seeds). */
  perStrategy: Record<string, number>;
  configurations: number;
  seeds: number[];
  /** Things the user should know: a strategy's space smaller than asked, the budget capping a strategy. */
  notes: string[];
}

export class SweepSpecError extends Error {}

/** Seeded, so expansion is reproducible everywhere. */
const rng = mulberry32;

function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]]);
}

/** A non-empty list of distinct values, or the fallback. */
function axis<T>(where: string, values: T[] | undefined, fallback: T): T[] {
  if (values === undefined) return [fallback];
  if (!Array.isArray(values) || values.length === 0) throw new SweepSpecError(`${where}: give at least one value (or leave the axis out).`);
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = JSON.stringify(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Draws k of n indices without replacement, in ascending order. */
function sample(n: number, k: number, next: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k).sort((a, b) => a - b);
}

export const MAX_SWEEP_RUNS = 2000;

/** Expands a spec into trials: per strategy its configurations (grid or drawn), each once per seed. */
export function expandSweep(spec: SweepSpec): SweepPlan {
  const a = spec.axes ?? {};
  const base = spec.base;
  const mode = spec.mode ?? 'grid';
  const budget = spec.budget ?? 'equal';
  if (mode !== 'grid' && mode !== 'random') throw new SweepSpecError(`mode: expected 'grid' or 'random', got ${JSON.stringify(mode)}.`);
  if (mode === 'random' && !(Number.isInteger(spec.trials) && spec.trials! > 0)) {
    throw new SweepSpecError(`trials: a random sweep needs a positive whole number of configurations per strategy, got ${JSON.stringify(spec.trials)}.`);
  }
  const strategies = axis('axes.strategies', a.strategies, { name: base.weighting.name, params: {} });
  const lrs = axis('axes.lr', a.lr, base.optimizer.lr);
  const batches = axis('axes.batchSize', a.batchSize, base.batchSize);
  const optimizers = axis('axes.optimizer', a.optimizer, base.optimizer.name);
  const designs = a.designs === undefined ? [-1] : axis('axes.designs', a.designs, null).map((_, i) => i);
  const seeds = axis('axes.seeds', a.seeds, base.seed);
  lrs.forEach((lr, i) => {
    if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) throw new SweepSpecError(`axes.lr[${i}]: expected a learning rate > 0, got ${JSON.stringify(lr)}.`);
  });
  batches.forEach((b, i) => {
    if (!Number.isInteger(b) || b < 1) throw new SweepSpecError(`axes.batchSize[${i}]: expected a whole number ≥ 1, got ${JSON.stringify(b)}.`);
  });
  seeds.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0) throw new SweepSpecError(`axes.seeds[${i}]: expected a whole number ≥ 0, got ${JSON.stringify(s)}.`);
  });
  const names = strategies.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new SweepSpecError(`axes.strategies: '${dup}' is listed twice; put all its parameter values in one entry.`);

  // per strategy: its whole configuration space, in a fixed order
  const spaces = strategies.map((s, si) => {
    if (!s || typeof s.name !== 'string' || !s.name) throw new SweepSpecError(`axes.strategies[${si}].name: give a strategy name.`);
    const paramNames = Object.keys(s.params ?? {}).sort();
    const paramValues = paramNames.map((p) => axis(`axes.strategies[${si}].params.${p}`, s.params![p], undefined));
    const baseParams = s.name === base.weighting.name ? base.weighting.params : {};
    return product<unknown>([product(paramValues), lrs, batches, optimizers, designs]).map(([pv, lr, batchSize, optimizer, design]) => {
      const params: Record<string, unknown> = { ...baseParams };
      paramNames.forEach((p, i) => (params[p] = (pv as unknown[])[i]));
      return { weighting: { name: s.name, params }, lr: lr as number, batchSize: batchSize as number, optimizer: optimizer as OptimizerConfig['name'], design: design as number };
    });
  });

  const notes: string[] = [];
  const smallest = Math.min(...spaces.map((s) => s.length));
  let take = mode === 'random' ? spec.trials! : (spec.trials ?? Infinity);
  if (budget === 'equal' && strategies.length > 1 && take > smallest) {
    if (take !== Infinity || spaces.some((s) => s.length > smallest)) {
      notes.push(`Equal budget: every strategy gets ${smallest} configuration(s), the size of the smallest strategy's space.`);
    }
    take = smallest;
  }
  const next = rng(spec.sampleSeed ?? 0);
  const trials: PlannedTrial[] = [];
  const perStrategy: Record<string, number> = {};
  spaces.forEach((space, si) => {
    const k = Math.min(take, space.length);
    if (mode === 'random' && space.length < spec.trials!) notes.push(`${strategies[si].name}: its space has ${space.length} configuration(s), fewer than the ${spec.trials} asked.`);
    const chosen = k === space.length ? space.map((_, i) => i) : sample(space.length, k, next);
    perStrategy[strategies[si].name] = chosen.length;
    for (const ci of chosen) {
      const c = space[ci];
      const key = JSON.stringify([c.weighting.name, c.weighting.params, c.lr, c.batchSize, c.optimizer, c.design]);
      for (const seed of seeds) trials.push({ index: trials.length, key, overrides: { ...c, seed } });
    }
  });
  if (trials.length > MAX_SWEEP_RUNS) throw new SweepSpecError(`The sweep expands to ${trials.length} runs, more than the limit of ${MAX_SWEEP_RUNS}: narrow its axes or draw fewer trials.`);
  return { trials, perStrategy, configurations: trials.length / seeds.length, seeds, notes };
}

/** The run config of one trial, given the resolved designs of axes.designs. */
export function trialConfig(spec: SweepSpec, t: TrialOverrides, designs: RunConfig['design'][], name: string): RunConfig {
  const { seeds: _s, baselines: _b, ...base } = spec.base;
  return {
    ...base,
    name,
    design: t.design >= 0 ? designs[t.design] : base.design,
    optimizer: { ...base.optimizer, name: t.optimizer, lr: t.lr },
    batchSize: t.batchSize,
    weighting: t.weighting,
    seed: t.seed,
    tags: [...(base.tags ?? []), 'sweep'],
  };
}

/** A short label of what a trial varies: "uw · lr 0.01 · bs 64 · seed 1". */
export function trialLabel(t: TrialOverrides): string {
  const params = Object.entries(t.weighting.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [t.weighting.name + (params.length ? `(${params.join(', ')})` : ''), `${t.optimizer} lr ${t.lr}`, `bs ${t.batchSize}`, ...(t.design >= 0 ? [`design ${t.design + 1}`] : []), `seed ${t.seed}`].join(' · ');
}

export interface SweepTrialRecord {
  sweepId: string;
  index: number;
  key: string;
  overrides: TrialOverrides;
  label: string;
  /** The run now standing for this trial (null until dispatched). */
  runId: string | null;
  runStatus: string | null;
  /** Runs tried for this trial, oldest first (a retry after an interrupted run makes a new one). */
  attempts: number;
  /** The machine that trained it: 'local' or the queue worker's name (host/pid). */
  worker: string | null;
  /** What happened on the way: a handover to another worker, a retry. */
  history: string[];
}

export interface SweepRecord {
  id: string;
  name: string;
  status: SweepStatus;
  /** Where its runs train: 'local' (worker threads here) or 'queue' (Redis workers). */
  executor: 'local' | 'queue';
  spec: SweepSpec;
  total: number;
  /** Trials whose run ended, by the run's status. */
  counts: Record<string, number>;
  createdAt: string;
  finishedAt: string | null;
}

export interface SweepDetail {
  sweep: SweepRecord;
  trials: SweepTrialRecord[];
  /** Per strategy the configuration selected on validation, its test values over seeds, Δm, the Pareto front. */
  results: SweepResults;
}

export interface QueueWorkerInfo {
  id: string;
  host: string;
  pid: number;
  backend: string;
  device: string;
  concurrency: number;
  version: string;
  /** Run ids it trains now. */
  current: string[];
  lastSeen: string;
}

export interface QueueStatus {
  /** Whether this workbench has a Redis queue configured at all. */
  configured: boolean;
  url: string | null;
  reachable: boolean;
  error: string | null;
  workers: QueueWorkerInfo[];
}

// A sweep's results, chosen the way a reviewer accepts (Xin et al., NeurIPS 2022): per strategy the
// configuration with the best mean validation score over its seeds (each run's epoch selected on validation
// by its summary), then that configuration's test values as mean ± 95% interval over seeds; Δm of each
// strategy against a reference strategy; the Pareto front of all configurations on two tasks' test values.
import type { RunSummary } from './results/summary.js';
import { reportedValueOf } from './results/summary.js';
import { seedStats, type SeedStats } from './results/stats.js';
import { headlineMetric } from './compare/headline.js';
import { deltaMetrics, relativeImprovement } from './compare/delta-m.js';
import { paretoFront } from './compare/pareto.js';
import { csvField } from './compare/csv.js';
import { isHigherBetter } from './metrics.js';
import type { SweepTrialRecord } from './sweep.js';

export interface StrategyResult {
  strategy: string;
  /** The selected configuration's key and label (without the seed). */
  key: string;
  label: string;
  /** Mean validation score of the selected configuration over its seeds (higher is better). */
  validation: number;
  seeds: number;
  runIds: string[];
  /** task -> metric -> test values over seeds. */
  test: Record<string, Record<string, SeedStats>>;
  /** Δm% against the reference strategy's selected configuration (null for the reference itself). */
  deltaM: number | null;
}

export interface SweepResults {
  reference: string | null;
  /** task -> the headline metric shown and used for the front. */
  headline: Record<string, string>;
  strategies: StrategyResult[];
  /** Every configuration with ended runs: mean test headline values, and whether it is on the Pareto front. */
  configurations: { key: string; strategy: string; label: string; values: Record<string, number>; onFront: boolean }[];
  /** The two tasks the front is drawn on (null with fewer than two tasks). */
  frontTasks: [string, string] | null;
}

const labelOf = (t: SweepTrialRecord) => t.label.replace(/ · seed \d+$/, '');

/** Results from the trials and the summaries of their completed runs (by run id). */
export function sweepResults(trials: readonly SweepTrialRecord[], summaries: Record<string, RunSummary | null>, reference = 'ew'): SweepResults {
  const done = trials.filter((t) => t.runId && t.runStatus === 'completed' && summaries[t.runId]);
  const byKey = new Map<string, SweepTrialRecord[]>();
  for (const t of done) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t]);
  const headline: Record<string, string> = {};
  for (const t of done) {
    for (const [task, metrics] of Object.entries(summaries[t.runId!]!.tasks)) {
      if (task && !headline[task]) {
        const h = headlineMetric(Object.keys(metrics));
        if (h) headline[task] = h;
      }
    }
  }
  const tasks = Object.keys(headline);
  const meanOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const testStats = (group: SweepTrialRecord[]) => {
    const out: Record<string, Record<string, SeedStats>> = {};
    for (const task of tasks) {
      const metrics = new Set(group.flatMap((t) => Object.keys(summaries[t.runId!]!.tasks[task] ?? {})));
      for (const m of metrics) {
        const s = seedStats(group.map((t) => reportedValueOf(summaries[t.runId!]!, task, m)).filter((v): v is number => v !== null));
        if (s) (out[task] ??= {})[m] = s;
      }
    }
    return out;
  };

  // per strategy: the configuration with the best mean validation score
  const best = new Map<string, { key: string; score: number; group: SweepTrialRecord[] }>();
  for (const [key, group] of byKey) {
    const score = meanOf(group.map((t) => summaries[t.runId!]!.selected?.score ?? Number.NaN).filter(Number.isFinite));
    const strategy = group[0].overrides.weighting.name;
    const cur = best.get(strategy);
    if (Number.isFinite(score) && (!cur || score > cur.score)) best.set(strategy, { key, score, group });
  }
  const strategies: StrategyResult[] = [...best.entries()].map(([strategy, b]) => ({
    strategy, key: b.key, label: labelOf(b.group[0]), validation: b.score, seeds: b.group.length,
    runIds: b.group.map((t) => t.runId!), test: testStats(b.group), deltaM: null,
  }));
  const ref = strategies.find((s) => s.strategy === reference) ?? strategies[0] ?? null;
  if (ref) {
    for (const s of strategies) {
      if (s === ref) continue;
      const perTask: number[] = [];
      for (const task of tasks) {
        const ms = deltaMetrics(Object.keys(s.test[task] ?? {})).filter((m) => ref.test[task]?.[m]);
        const rel = ms.map((m) => relativeImprovement(s.test[task][m].mean, ref.test[task][m].mean, isHigherBetter(m))).filter((v): v is number => v !== null);
        if (rel.length) perTask.push(meanOf(rel));
      }
      s.deltaM = perTask.length ? meanOf(perTask) : null;
    }
  }

  const configurations = [...byKey.entries()].map(([key, group]) => {
    const values: Record<string, number> = {};
    for (const task of tasks) {
      const v = group.map((t) => reportedValueOf(summaries[t.runId!]!, task, headline[task])).filter((x): x is number => x !== null);
      if (v.length) values[task] = meanOf(v);
    }
    return { key, strategy: group[0].overrides.weighting.name, label: labelOf(group[0]), values, onFront: false };
  });
  const frontTasks: [string, string] | null = tasks.length >= 2 ? [tasks[0], tasks[1]] : null;
  if (frontTasks) {
    const [a, b] = frontTasks;
    const front = new Set(paretoFront(configurations.map((c) => ({ id: c.key, x: c.values[a], y: c.values[b] })), isHigherBetter(headline[a]), isHigherBetter(headline[b])));
    for (const c of configurations) c.onFront = front.has(c.key);
  }
  return { reference: ref?.strategy ?? null, headline, strategies, configurations, frontTasks };
}

/** One line per strategy: its selected configuration, each task's headline test value as mean and 95% interval, Δm. */
export function sweepResultsCsv(r: SweepResults): string {
  const tasks = Object.keys(r.headline);
  const head = ['strategy', 'configuration', 'seeds', 'validation_score', ...tasks.flatMap((t) => [`${t}_${r.headline[t]}_mean`, `${t}_${r.headline[t]}_ci_low`, `${t}_${r.headline[t]}_ci_high`]), `delta_m_vs_${r.reference ?? ''}`];
  const lines = r.strategies.map((s) => [
    s.strategy, s.label, s.seeds, s.validation,
    ...tasks.flatMap((t) => {
      const v = s.test[t]?.[r.headline[t]];
      return [v?.mean ?? '', v?.ci95?.[0] ?? '', v?.ci95?.[1] ?? ''];
    }),
    s.deltaM ?? '',
  ]);
  return [head, ...lines].map((l) => l.map(csvField).join(',')).join('\n') + '\n';
}

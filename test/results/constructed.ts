// Constructed metric rows where the best test epoch is not the epoch selected on validation: every surface
// must show the test value at the selected epoch. Two strategies × three seeds, two tasks, four epochs, and
// single-task baselines for every run. Per run, with offsets dl, dr per seed:
//   validation left  0.70 0.80 0.78 0.75 (+dl)   right 0.60 0.70 0.69 0.66 (+dr)   -> epoch 2 selected
//   test       left  0.71 0.79 0.77 0.83 (+dl)   right 0.61 0.69 0.68 0.72 (+dr)   -> test max at epoch 4
import type { MetricRow, RunConfig } from '../../shared/run.js';
import type { Store } from '../../electron/store/index.js';
import { config } from '../compare/fixtures.js';

export const SELECTED_EPOCH = 2;
export const TEST_MAX_EPOCH = 4;
const VAL = { left: [0.7, 0.8, 0.78, 0.75], right: [0.6, 0.7, 0.69, 0.66] };
const TEST = { left: [0.71, 0.79, 0.77, 0.83], right: [0.61, 0.69, 0.68, 0.72] };
const LOSS = [0.9, 0.6, 0.62, 0.65];

export interface ConstructedRun {
  id: string;
  name: string;
  strategy: 'ew' | 'pcgrad';
  seed: number;
  dl: number;
  dr: number;
}

/** EW: left 0.79 0.80 0.785 at the selected epoch; PCGrad 0.81 0.82 0.805 (Welch: different). Right: overlapping. */
export const RUNS: ConstructedRun[] = [
  { id: 'ew-s1', name: 'EW', strategy: 'ew', seed: 1, dl: 0, dr: 0 },
  { id: 'ew-s2', name: 'EW', strategy: 'ew', seed: 2, dl: 0.01, dr: 0.02 },
  { id: 'ew-s3', name: 'EW', strategy: 'ew', seed: 3, dl: -0.005, dr: -0.01 },
  { id: 'pc-s1', name: 'PCGrad', strategy: 'pcgrad', seed: 1, dl: 0.02, dr: 0.005 },
  { id: 'pc-s2', name: 'PCGrad', strategy: 'pcgrad', seed: 2, dl: 0.03, dr: -0.01 },
  { id: 'pc-s3', name: 'PCGrad', strategy: 'pcgrad', seed: 3, dl: 0.015, dr: 0.02 },
];

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** The value a surface must show for (run, split, task) at an epoch (1-based). */
export function valueAt(run: ConstructedRun, split: 'validation' | 'test', task: 'left' | 'right', epoch: number): number {
  const base = (split === 'validation' ? VAL : TEST)[task][epoch - 1];
  return round(base + (task === 'left' ? run.dl : run.dr));
}

function rowsOf(runId: string, values: (split: 'validation' | 'test', task: 'left' | 'right', epoch: number) => number, tasks: ('left' | 'right')[]): MetricRow[] {
  const rows: MetricRow[] = [];
  for (let epoch = 1; epoch <= 4; epoch++) {
    for (const split of ['validation', 'test'] as const) {
      for (const task of tasks) {
        rows.push({ runId, epoch, step: epoch * 10, split, task, metric: 'accuracy', value: values(split, task, epoch) });
        rows.push({ runId, epoch, step: epoch * 10, split, task, metric: 'loss', value: LOSS[epoch - 1] });
      }
    }
    rows.push({ runId, epoch, step: epoch * 10, split: 'train', task: 'left', metric: 'accuracy', value: 0.9 + epoch / 100 });
  }
  return rows;
}

const configOf = (r: ConstructedRun): RunConfig => config({ seed: r.seed, weighting: { name: r.strategy, params: {} }, datasets: ['constructed'], epochs: 4 });

/** Writes the runs and the baselines into a store as a training run would: started, rows, ended. */
export function seedConstructed(store: Store): void {
  const put = (id: string, name: string, cfg: RunConfig, rows: MetricRow[], baseline?: { of: string; task: string }) => {
    store.runs.insert({ id, name, config: cfg, designName: 'HPS', baselineOf: baseline?.of ?? null, baselineTask: baseline?.task ?? null });
    store.runs.markStarted(id, { backend: 'cpu', device: 'cpu', versions: {} });
    store.metrics.insert(rows);
    store.runs.finish(id, 'completed', null, SELECTED_EPOCH);
  };
  for (const r of RUNS) put(r.id, `${r.name} · seed ${r.seed}`, configOf(r), rowsOf(r.id, (s, t, e) => valueAt(r, s, t, e), ['left', 'right']));
  // each run's single-task baselines, as startRun trains them: a little below the first EW run
  for (const r of RUNS) {
    for (const task of ['left', 'right'] as const) {
      const id = `stl-${r.id}-${task}`;
      put(id, `${r.name} · seed ${r.seed} · ${task} only`, { ...configOf(r), baselines: false }, rowsOf(id, (s, t, e) => round(valueAt(RUNS[0], s, t, e) - 0.05), [task]), { of: r.id, task });
    }
  }
}

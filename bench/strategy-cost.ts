// Step time of every weighting strategy as a factor of EW's, on MultiLeNet (the 'hps' template on
// MultiMNIST-shaped data) through the engine's own step, all in one process on one backend:
//   node --import tsx bench/strategy-cost.ts [--backend wasm] [--batch 256] [--steps 6] [--rounds 3] [--warmup 15]
//        [--json] [--strategies ew,nash-mtl,...]
// --warmup N untimed steps of each strategy first, so that V8 has compiled the step's code (bench/NOTES.md item 35):
// with one warm-up step the first strategies timed carry the compiler's work.
// Rounds interleave the strategies (EW, A, B, …, EW, A, B, …) so that load on a shared machine touches all
// alike; each strategy's figure is its least CPU time per step over the rounds (other work only adds to it).
// Each strategy gets its own freshly built model from the same seed.
import { parseArgs } from 'node:util';
import { buildTemplate } from '../shared/templates/index.js';
import { initBackend } from '../electron/engine/backend.js';
import { buildModel } from '../electron/engine/model/index.js';
import { RowCursor, uploadDatasets } from '../electron/engine/train/data.js';
import { createOptimizer } from '../electron/engine/train/optimizers.js';
import { deriveRandom } from '../electron/engine/train/random.js';
import { gradientStep, lossStep, type StepContext } from '../electron/engine/train/step.js';
import { createStrategy, listStrategies } from '../electron/engine/weighting/registry.js';
import { engineDataset } from './engine-dataset.js';

const { values: opt } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    batch: { type: 'string', default: '256' },
    steps: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '15' },
    strategies: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const batch = Number(opt.batch);
const steps = Number(opt.steps);
const rounds = Number(opt.rounds);
const names = opt.strategies ? opt.strategies.split(',') : listStrategies().map((s) => s.name);
if (!names.includes('ew')) names.unshift('ew');
const info = await initBackend(opt.backend as 'wasm' | 'cpu', { wasmThreads: 1, log: () => {} });
const tf = info.tf;

const rows = batch * 2;
const loaded = engineDataset('multilenet', rows);
const dsInfo = loaded.info;
const design = buildTemplate('hps', [dsInfo]);

function setup(name: string) {
  const built = buildModel(tf, design, [dsInfo], { seed: 1 });
  const keys = built.heads.map((h) => h.key);
  const params = name === 'static' ? { weights: [1, 1] } : {};
  const strategy = createStrategy(name, params, { tf, tasks: keys, random: deriveRandom(1, 'strategy') });
  const data = uploadDatasets(tf, built, [loaded]);
  const cursor = new RowCursor(data[0].trainRows, deriveRandom(1, 'rows:bench'));
  const ctx: StepContext = {
    tf,
    model: built,
    strategy,
    optimizer: createOptimizer(tf, { name: 'adam', lr: 1e-3 }),
    taskIndex: new Map(keys.map((k, i) => [k, i])),
    noDecay: new Set(strategy.needsTaskGradients ? [] : strategy.variables.map((v) => v.name)),
  };
  return () => {
    const batches = [{ d: data[0], rows: cursor.next(batch, true) }];
    const res = strategy.needsTaskGradients ? gradientStep(ctx, batches, 1e-3) : lossStep(ctx, batches, 1e-3);
    strategy.onStepEnd?.(res.scaledLosses, res.tasks);
  };
}

const stepFns = new Map(names.map((n) => [n, setup(n)]));
const warmup = Math.max(1, Number(opt.warmup));
for (const fn of stepFns.values()) for (let i = 0; i < warmup; i++) fn(); // kernels and code compiled, buffers allocated
const best = new Map<string, number>();
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of stepFns) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < steps; i++) fn();
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000 / steps;
    best.set(name, Math.min(best.get(name) ?? Infinity, ms));
  }
}
const ew = best.get('ew')!;
const gradients = new Map(listStrategies().map((s) => [s.name, s.needsTaskGradients]));
const rowsOut = names.map((name) => ({ strategy: name, taskGradients: gradients.get(name) ?? false, cpuMsPerStep: best.get(name)!, factorVsEw: best.get(name)! / ew }));
if (opt.json) {
  console.log(JSON.stringify({ model: 'multilenet', backend: info.backend, batch, steps, rounds, strategies: rowsOut }));
} else {
  console.log(`MultiLeNet, ${info.backend}, batch ${batch}: CPU ms per step (least over ${rounds} rounds of ${steps} steps) and factor vs EW`);
  for (const r of rowsOut) console.log(`  ${r.strategy.padEnd(12)} ${r.taskGradients ? 'grad' : 'loss'}  ${r.cpuMsPerStep.toFixed(1).padStart(8)} ms  ×${r.factorVsEw.toFixed(2)}`);
}
process.exit(0);

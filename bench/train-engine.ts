// One bench measurement through the product's own engine, in its own process:
//   node --import tsx bench/train-engine.ts --model multilenet|mmoe --strategy ew|pcgrad|mgda-ub|cagrad
//        [--backend wasm] [--threads 1] [--steps 30] [--warmup 3] [--batch 256]
// The design comes from the product's templates (hps = Sener & Koltun's MultiLeNet for image
// data; mmoe resized to 8 experts of 16 units and towers of 8), built by the engine's model
// builder on the backend the engine picks, and trained by the engine's own step (lossStep /
// gradientStep: masked losses, the weighting strategy from its registry, its optimizers, one
// readback per step). Timing as bench/train-tfjs.ts: best of windows, CPU time beside it.
import { parseArgs } from 'node:util';
import type { Design } from '../shared/design.js';
import { buildTemplate } from '../shared/templates/index.js';
import { initBackend } from '../electron/engine/backend.js';
import { buildModel } from '../electron/engine/model/index.js';
import { RowCursor, uploadDatasets } from '../electron/engine/train/data.js';
import { createOptimizer } from '../electron/engine/train/optimizers.js';
import { deriveRandom } from '../electron/engine/train/random.js';
import { gradientStep, lossStep, type StepContext } from '../electron/engine/train/step.js';
import { createStrategy } from '../electron/engine/weighting/registry.js';
import { wasmThreads } from '../electron/engine/kernels/wasm-threads.js';
import { engineDataset } from './engine-dataset.js';
import { instrumentKernels } from './kernel-profile.js';

const { values: opt } = parseArgs({
  options: {
    model: { type: 'string', default: 'multilenet' },
    backend: { type: 'string', default: 'wasm' },
    strategy: { type: 'string', default: 'ew' },
    steps: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    batch: { type: 'string' },
    threads: { type: 'string', default: '1' },
    windows: { type: 'string', default: '5' },
    profile: { type: 'boolean', default: false },
    shapes: { type: 'boolean', default: false },
  },
});
const model = opt.model as 'multilenet' | 'mmoe';
const batchSize = Number(opt.batch ?? (model === 'mmoe' ? 1024 : 256));
const steps = Number(opt.steps);
const warmup = Number(opt.warmup);
const threads = Number(opt.threads);
// The engine's names: PCGrad 'pcgrad', MGDA-UB 'mgda' (its gradients on the shared parameters).
const STRATEGIES: Record<string, { name: string; params: Record<string, unknown> }> = {
  ew: { name: 'ew', params: {} },
  pcgrad: { name: 'pcgrad', params: {} },
  'mgda-ub': { name: 'mgda', params: {} },
  cagrad: { name: 'cagrad', params: {} },
};

// The engine's own backend set-up (threads through its wasmThreads option).
const info = await initBackend(opt.backend as 'wasm' | 'cpu', { wasmThreads: threads, log: () => {} });
const tf = info.tf;

const rows = batchSize * 4;
const loaded = engineDataset(model, rows);
const dsInfo = loaded.info;

let design: Design = buildTemplate(model === 'mmoe' ? 'mmoe' : 'hps', [dsInfo]);
if (model === 'mmoe') {
  // The bench's MMoE: 8 experts of 16 units, towers of 8.
  design = {
    ...design,
    nodes: design.nodes.map((n) => {
      if (n.kind === 'MMoE') return { ...n, params: { ...n.params, numExperts: 8, expertUnits: 16 } };
      if (n.kind === 'TaskHead') return { ...n, params: { ...n.params, hidden: [8] } };
      return n;
    }),
  };
}
const built = buildModel(tf, design, [dsInfo], { seed: 1 });
const keys = built.heads.map((h) => h.key);
const s = STRATEGIES[opt.strategy!];
if (!s) throw new Error(`unknown strategy ${opt.strategy}`);
const strategy = createStrategy(s.name, s.params, { tf, tasks: keys, random: deriveRandom(1, 'strategy') });
const optimizer = createOptimizer(tf, { name: 'adam', lr: 1e-3 });
const data = uploadDatasets(tf, built, [loaded]);
const cursor = new RowCursor(data[0].trainRows, deriveRandom(1, 'rows:bench'));
const ctx: StepContext = {
  tf,
  model: built,
  strategy,
  optimizer,
  taskIndex: new Map(keys.map((k, i) => [k, i])),
  noDecay: new Set(strategy.needsTaskGradients ? [] : strategy.variables.map((v) => v.name)),
};
let lastLoss = NaN;
const step = () => {
  const batches = [{ d: data[0], rows: cursor.next(batchSize, true) }];
  const res = strategy.needsTaskGradients ? gradientStep(ctx, batches, 1e-3) : lossStep(ctx, batches, 1e-3);
  lastLoss = res.rawLosses.reduce((a, b) => a + b, 0);
};
for (let i = 0; i < warmup; i++) step();


const windows = Math.max(1, Number(opt.windows));
const per = Math.max(1, Math.round(steps / windows));
const windowMs: number[] = [];
let done = 0;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
while (done < steps) {
  const n = Math.min(per, steps - done);
  const w0 = performance.now();
  for (let i = 0; i < n; i++) step(); // each step reads its losses back: no sync needed
  windowMs.push((performance.now() - w0) / n);
  done += n;
}
const totalMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const sorted = [...windowMs].sort((a, b) => a - b);

// The profile comes after the timed steps (kernels run as they do once warm).
let profile: Record<string, unknown> | undefined;
if (opt.profile) {
  const n = 5;
  const prof = instrumentKernels(tf.getBackend(), opt.shapes);
  step();
  prof.reset();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) step();
  const c = process.cpuUsage(c0);
  prof.stop();
  const byKernel: Record<string, { ms: number; calls: number }> = {};
  let kernelMs = 0;
  for (const [k, v] of Object.entries(prof.times)) {
    byKernel[k] = { ms: v.ms / n, calls: v.calls / n };
    kernelMs += v.ms / n;
  }
  const stepMs = (c.user + c.system) / 1000 / n;
  profile = { cpuMsPerStep: stepMs, kernelMs, overheadMs: stepMs - kernelMs, byKernel };
}
console.log(JSON.stringify({
  kind: 'tfjs',
  mode: 'engine',
  model,
  backend: info.backend,
  device: info.device,
  threads: opt.backend === 'wasm' ? wasmThreads() : 1,
  strategy: opt.strategy,
  engineStrategy: s,
  batch: batchSize,
  steps,
  params: built.countParams(),
  msPerStep: sorted[0],
  medianMsPerStep: sorted[Math.floor(sorted.length / 2)],
  meanMsPerStep: totalMs / steps,
  cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps,
  samplesPerSec: batchSize / (sorted[0] / 1000),
  medianSamplesPerSec: batchSize / (sorted[Math.floor(sorted.length / 2)] / 1000),
  finalLoss: lastLoss,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  profile,
}));
process.exit(0);

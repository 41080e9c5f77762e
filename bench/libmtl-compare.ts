// Our weighting strategies against LibMTL's code on the same gradients and losses:
//   node --import tsx bench/libmtl-compare.ts --libmtl /path/to/LibMTL-checkout [--json]
// For each method, seeded task gradients G (K×P) and loss values go through our strategy (the update
// d = Σ α_i g_i, or Σ ∂total/∂L_i · g_i for loss strategies) and through LibMTL's weighting class in
// /usr/bin/python3 (bench/reference/libmtl_weighting.py: losses L_i(θ) = g_iᵀθ + L_i at θ = 0, so that
// LibMTL's own backward leaves its update in θ.grad). Prints the largest relative difference
// ‖d_ours − d_LibMTL‖ / ‖d_LibMTL‖ per method. Stateful methods run a sequence of steps.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { createStrategy } from '../electron/engine/weighting/registry.js';
import type { GradientStrategy, LossStrategy } from '../electron/engine/weighting/types.js';
import { gradvacCoefficients } from '../electron/engine/weighting/gradvac.js';
import { createRandom } from '../electron/engine/train/random.js';

const { values: opt } = parseArgs({ options: { libmtl: { type: 'string' }, json: { type: 'boolean', default: false } } });
if (!opt.libmtl) throw new Error('--libmtl: the folder of a LibMTL checkout (the one holding LibMTL/weighting)');
await tf.setBackend('cpu');

const P = 24;
const rand = createRandom(2024);
const gradients = (k: number) =>
  Array.from({ length: k }, (_, i) => Array.from({ length: P }, () => (rand() * 2 - 1) * (1 + 2 * i)));
const dotv = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const gramOf = (g: number[][]) => g.map((a) => g.map((b) => dotv(a, b)));
const combine = (g: number[][], alpha: number[]) => g[0].map((_, p) => g.reduce((s, gi, i) => s + alpha[i] * gi[p], 0));
const ctx = (k: number) => ({ tf, tasks: Array.from({ length: k }, (_, i) => `t${i}`), random: createRandom(1) });
const lossGrad = (s: LossStrategy, losses: number[]) =>
  tf.tidy(() => Array.from(tf.grad((l: tf.Tensor) => s.combineLosses(l as tf.Tensor1D, losses.map((_, i) => i)).total)(tf.tensor1d(losses)).dataSync()));

interface Step { G: number[][]; losses: number[]; ours: number[]; after?: number[]; epoch?: number }
interface Case { method: string; libmtl: string; kwargs: Record<string, unknown>; k: number; steps: Step[] }
const cases: Case[] = [];

// stateless gradient methods, K = 2..4
const stateless: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
  ['aligned-mtl', 'Aligned_MTL', {}, {}],
  ['upgrad', 'UPGrad', {}, { UPGrad_norm_eps: 1e-4, UPGrad_reg_eps: 1e-4 }],
  ['fairgrad', 'FairGrad', { alpha: 1 }, { FairGrad_alpha: 1 }],
  ['fairgrad', 'FairGrad', { alpha: 2 }, { FairGrad_alpha: 2 }],
];
for (const [name, lib, params, kwargs] of stateless) {
  for (const k of [2, 3, 4]) {
    const s = createStrategy(name, params, ctx(k)) as GradientStrategy;
    const steps = Array.from({ length: 3 }, () => {
      const G = gradients(k);
      const losses = G.map(() => 1);
      return { G, losses, ours: combine(G, s.combineGradients(gramOf(G), losses, G.map((_, i) => i))) };
    });
    cases.push({ method: `${name}${params.alpha ? ` α=${params.alpha}` : ''}`, libmtl: lib, kwargs, k, steps });
  }
}

// GradVac: targets carried across 6 steps; both sides visit the other tasks in ascending order
for (const k of [2, 3]) {
  const targets = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const steps = Array.from({ length: 6 }, () => {
    const G = gradients(k);
    const c = gradvacCoefficients(gramOf(G), targets, 0.5, (i) => [...Array(k).keys()].filter((j) => j !== i));
    return { G, losses: G.map(() => 1), ours: combine(G, G.map((_, m) => c.reduce((s, row) => s + row[m], 0))) };
  });
  cases.push({ method: 'gradvac', libmtl: 'GradVac', kwargs: { GradVac_beta: 0.5, GradVac_group_type: 0 }, k, steps });
}

// GLS
for (const k of [2, 3]) {
  const s = createStrategy('gls', {}, ctx(k)) as LossStrategy;
  const steps = Array.from({ length: 3 }, () => {
    const G = gradients(k);
    const losses = G.map(() => 0.2 + rand() * 3);
    return { G, losses, ours: combine(G, lossGrad(s, losses)) };
  });
  cases.push({ method: 'gls', libmtl: 'GLS', kwargs: {}, k, steps });
}

// STCH: one warm-up epoch of 3 steps (its mean losses set the reference point), then 3 steps.
// LibMTL counts epochs from 0 and its warm-up_epoch = 0 is our warmup = 1.
for (const k of [2, 3]) {
  const s = createStrategy('stch', { mu: 1, warmup: 1 }, ctx(k)) as LossStrategy;
  const steps: Step[] = [];
  const warm: number[][] = [];
  for (let t = 0; t < 6; t++) {
    if (t === 3) s.onEpochEnd!(warm[0].map((_, i) => warm.reduce((a, l) => a + l[i], 0) / warm.length), 1);
    const G = gradients(k);
    const losses = G.map(() => 0.2 + rand() * 3);
    if (t < 3) warm.push(losses);
    steps.push({ G, losses, ours: combine(G, lossGrad(s, losses)), epoch: t < 3 ? 0 : 1 });
  }
  cases.push({ method: 'stch', libmtl: 'STCH', kwargs: { STCH_mu: 1, STCH_warmup_epoch: 0 }, k, steps });
}

// FAMO: LibMTL's order (backward on L_t, then update_w with the losses after the step, L_{t+1})
for (const k of [2, 3]) {
  const s = createStrategy('famo', {}, ctx(k)) as LossStrategy;
  let losses = Array.from({ length: k }, () => 0.5 + rand() * 2);
  s.onStepEnd!(losses, losses.map((_, i) => i));
  const steps: Step[] = [];
  for (let t = 0; t < 8; t++) {
    const G = gradients(k);
    const ours = combine(G, lossGrad(s, losses));
    const after = losses.map((l, i) => l * (0.8 + 0.15 * i + 0.1 * rand()));
    s.onStepEnd!(after, after.map((_, i) => i));
    steps.push({ G, losses, ours, after });
    losses = after;
  }
  cases.push({ method: 'famo', libmtl: 'FAMO', kwargs: { FAMO_w_lr: 0.025, FAMO_w_gamma: 0.001 }, k, steps });
}

const dir = mkdtempSync(join(tmpdir(), 'libmtl-'));
const file = join(dir, 'cases.json');
writeFileSync(file, JSON.stringify(cases));
const r = spawnSync('/usr/bin/python3', ['bench/reference/libmtl_weighting.py', '--libmtl', opt.libmtl, '--cases', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0) throw new Error(`LibMTL side failed: ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
const results = JSON.parse(r.stdout.trim().split('\n').pop()!) as { method: string; k: number; maxRelDiff: number; error?: string }[];
if (opt.json) console.log(JSON.stringify({ results }));
else {
  console.log('method            K  steps  max ‖d_ours − d_LibMTL‖/‖d_LibMTL‖');
  results.forEach((x, i) => console.log(`${x.method.padEnd(16)} ${String(x.k).padStart(2)}  ${String(cases[i].steps.length).padStart(5)}  ${x.error ?? x.maxRelDiff.toExponential(2)}`));
}

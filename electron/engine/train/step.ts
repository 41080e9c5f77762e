// One training step: batches in, one update applied, one readback out.
import type { BuiltModel, HeadBinding } from '../model/types.js';
import type { GradientStrategy, WeightingStrategy } from '../weighting/types.js';
import type { DeviceDataset } from './data.js';
import { gatherBatch } from './data.js';
import { outputOf } from './evaluate.js';
import { headLoss } from './losses.js';
import type { Optimizer } from './optimizers.js';
import type { Scalar, Tensor, Tf, Variable } from './tf.js';
import { representationGradients, taskGradients } from './task-gradients.js';

export interface StepBatch {
  d: DeviceDataset;
  rows: Int32Array;
}

export interface StepContext {
  tf: Tf;
  model: BuiltModel;
  strategy: WeightingStrategy;
  optimizer: Optimizer;
  /** Task index (position in model.heads) of each head key. */
  taskIndex: Map<string, number>;
  clipNorm?: number;
  /** Variables the optimizer must not decay (the strategy's own). */
  noDecay: Set<string>;
  /** Set to false once the design turned out to have no clean shared/task cut for representation gradients. */
  representation?: boolean;
}

export interface StepResult {
  /** Active heads in order, their task indices, unscaled and scaled (× lossWeight) losses, strategy weights. */
  heads: HeadBinding[];
  tasks: number[];
  rawLosses: number[];
  scaledLosses: number[];
  weights: number[];
  /** Per active head, per batch row: predictions (see rowPredictions). */
  predictions: Float32Array[];
  /** Gram matrix of the active tasks' shared gradients, where they were computed. */
  gram?: number[][];
}

interface ForwardParts {
  heads: HeadBinding[];
  raw: Scalar[];
  /** Labelled rows of each head in its batch. */
  labelled: Scalar[];
  scaled: Scalar[];
  preds: Tensor[];
}

/** Forward pass of every batch; per active head its unscaled loss, its scaled loss and its predictions. */
export function forwardAll(ctx: StepContext, batches: StepBatch[], training: boolean): ForwardParts {
  const { tf, model } = ctx;
  const parts: ForwardParts = { heads: [], raw: [], labelled: [], scaled: [], preds: [] };
  for (const { d, rows } of batches) {
    const b = gatherBatch(tf, d, rows);
    const outs = model.forward(d.id, b.inputs, training);
    for (const h of d.heads) {
      const o = outputOf(outs, h);
      const { raw, labelled, preds } = headLoss(tf, h, o, b.labels[h.key], b.masks[h.key]);
      parts.heads.push(h);
      parts.raw.push(raw);
      parts.labelled.push(labelled);
      parts.scaled.push(h.lossWeight === 1 || h.lossWeight === undefined ? raw : (tf.mul(raw, h.lossWeight) as Scalar));
      parts.preds.push(preds);
    }
  }
  return parts;
}

function splitReadback(data: Float32Array, offset: number, batches: StepBatch[], k: number) {
  const raw = Array.from(data.subarray(offset, offset + k));
  let off = offset + k;
  const weights = Array.from(data.subarray(off, off + k));
  off += k;
  const predictions: Float32Array[] = [];
  for (const { d, rows } of batches) {
    for (let i = 0; i < d.heads.length; i++) {
      predictions.push(data.slice(off, off + rows.length));
      off += rows.length;
    }
  }
  return { raw, weights, predictions };
}

/** Scales the gradients so that their global norm is at most clipNorm (no readback). */
function clip(tf: Tf, grads: Record<string, Tensor>, clipNorm?: number): Record<string, Tensor> {
  if (!clipNorm || !(clipNorm > 0)) return grads;
  const list = Object.values(grads);
  if (list.length === 0) return grads;
  const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g)))));
  const factor = tf.div(clipNorm, tf.maximum(norm, clipNorm));
  const out: Record<string, Tensor> = {};
  for (const [k, g] of Object.entries(grads)) out[k] = tf.mul(g, factor);
  return out;
}

/** A step for strategies that combine losses: one forward, one backward of the combined objective. */
export function lossStep(ctx: StepContext, batches: StepBatch[], lr: number): StepResult {
  const { tf, model, optimizer } = ctx;
  const strategy = ctx.strategy;
  if (strategy.needsTaskGradients) throw new Error('lossStep needs a loss strategy');
  const vars: Variable[] = [...model.allVariables, ...strategy.variables];
  let heads: HeadBinding[] = [];
  let tasks: number[] = [];
  let readback: Tensor | null = null;
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const p = forwardAll(ctx, batches, true);
      heads = p.heads;
      tasks = p.heads.map((h) => ctx.taskIndex.get(h.key)!);
      const { total, weights } = strategy.combineLosses(tf.stack(p.scaled) as any, tasks);
      // the clone shares data with the concatenation but is not saved on the tape (whose saved tensors die)
      readback = tf.keep(tf.concat([tf.stack(p.raw), weights, ...p.preds]).clone());
      return total;
    }, vars);
    optimizer.apply(vars, clip(tf, grads, ctx.clipNorm), lr, { noDecay: ctx.noDecay });
  });
  const data = (readback as unknown as Tensor).dataSync() as Float32Array;
  (readback as unknown as Tensor).dispose();
  const { raw, weights, predictions } = splitReadback(data, 0, batches, heads.length);
  return { heads, tasks, rawLosses: raw, scaledLosses: raw.map((l, i) => l * (heads[i].lossWeight ?? 1)), weights, predictions };
}

/** The one readback of a gradient step: [gram (k×k)], raw losses, labelled counts, predictions. */
function parseReadback(data: Float32Array, k: number, withGram: boolean, batches: StepBatch[]) {
  const gram: number[][] = [];
  const gOff = withGram ? k * k : 0;
  for (let i = 0; i < k; i++) gram.push(withGram ? Array.from(data.subarray(i * k, i * k + k)) : new Array(k).fill(0));
  const raw = Array.from(data.subarray(gOff, gOff + k));
  const labelled = Array.from(data.subarray(gOff + k, gOff + 2 * k));
  let off = gOff + 2 * k;
  const predictions: Float32Array[] = [];
  for (const { d, rows } of batches) {
    for (let i = 0; i < d.heads.length; i++) {
      predictions.push(data.slice(off, off + rows.length));
      off += rows.length;
    }
  }
  return { gram, raw, labelled, predictions };
}

function readbackParts(tf: Tf, parts: ForwardParts): Tensor {
  return tf.concat([tf.stack(parts.raw), tf.stack(parts.labelled), ...parts.preds]);
}

/**
 * Per-task gradients of the active heads on the shared parameters (one recorded forward, one backward per
 * task): the shared part of each flattened into a row of G, plus the Gram matrix G Gᵀ and the readback of
 * losses and predictions. Call inside tf.tidy.
 */
function perTaskGradients(ctx: StepContext, batches: StepBatch[], training: boolean) {
  const { tf, model } = ctx;
  let parts: ForwardParts | null = null;
  const varsFor = (i: number) => [...model.sharedVariables, ...(model.taskVariables[parts!.heads[i].key] ?? [])];
  const { grads, extras } = taskGradients(
    tf,
    () => {
      parts = forwardAll(ctx, batches, training);
      return { losses: parts.scaled, extras: readbackParts(tf, parts) };
    },
    varsFor,
  );
  const p = parts as unknown as ForwardParts;
  const shared = model.sharedVariables;
  let g: Tensor | null = null;
  let gram: Tensor | null = null;
  if (shared.length > 0) {
    const rows = grads.map((gr) => tf.concat(shared.map((v) => (gr[v.name] ? gr[v.name].reshape([-1]) : tf.zeros([v.size])))));
    g = tf.stack(rows);
    gram = tf.matMul(g, g, false, true);
  }
  const all = gram ? tf.concat([gram.reshape([-1]), extras!]) : extras!;
  const data = all.dataSync() as Float32Array;
  extras!.dispose();
  return { heads: p.heads, grads, g, ...parseReadback(data, p.heads.length, gram !== null, batches) };
}

/**
 * The strategy's coefficients for one step. A task with no labelled row in its batch has no gradient this
 * step: it sits out the combination (a zero vector would otherwise be MGDA's min-norm point and stall
 * every task) and gets α = 0.
 */
function coefficients(strategy: GradientStrategy, gram: number[][], scaled: number[], labelled: number[], tasks: number[]): number[] {
  const live = labelled.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0);
  const sub = live.map((i) => live.map((j) => gram[i][j]));
  const alphaLive = live.length > 0 ? strategy.combineGradients(sub, live.map((i) => scaled[i]), live.map((i) => tasks[i])) : [];
  const alpha = tasks.map(() => 0);
  live.forEach((i, n) => (alpha[i] = alphaLive[n]));
  return alpha;
}

/** A step for gradient strategies: per-task gradients, the strategy's coefficients, one update. */
export function gradientStep(ctx: StepContext, batches: StepBatch[], lr: number): StepResult {
  const strategy = ctx.strategy;
  if (!strategy.needsTaskGradients) throw new Error('gradientStep needs a gradient strategy');
  if (strategy.gradientTarget === 'representation' && ctx.representation !== false) {
    const r = representationStep(ctx, strategy, batches, lr);
    if (r) return r;
    ctx.representation = false; // the design has no clean cut: use the shared parameters from now on
  }
  return parameterStep(ctx, strategy, batches, lr);
}

function parameterStep(ctx: StepContext, strategy: GradientStrategy, batches: StepBatch[], lr: number): StepResult {
  const { tf, model, optimizer } = ctx;
  let result: StepResult | null = null;
  tf.tidy(() => {
    const t = perTaskGradients(ctx, batches, true);
    const tasks = t.heads.map((h) => ctx.taskIndex.get(h.key)!);
    const scaled = t.raw.map((l, i) => l * (t.heads[i].lossWeight ?? 1));
    result = { heads: t.heads, tasks, rawLosses: t.raw, scaledLosses: scaled, weights: [], predictions: t.predictions, gram: t.gram };
    if (!scaled.every(Number.isFinite)) return; // the loop reports it; no update with a non-finite loss
    const alpha = coefficients(strategy, t.gram, scaled, t.labelled, tasks);
    result.weights = alpha;
    const final: Record<string, Tensor> = {};
    const shared = model.sharedVariables;
    if (t.g && shared.length > 0) {
      const combined = tf.matMul(tf.tensor2d([alpha]), t.g).reshape([-1]);
      const pieces = tf.split(combined, shared.map((v) => v.size));
      shared.forEach((v, i) => (final[v.name] = pieces[i].reshape(v.shape)));
    }
    const sharedNames = new Set(shared.map((v) => v.name));
    // task-specific variables: the sum of their own task's gradient (of its scaled loss)
    for (const gr of t.grads) {
      for (const [name, grad] of Object.entries(gr)) {
        if (sharedNames.has(name)) continue;
        final[name] = final[name] ? tf.add(final[name], grad) : grad;
      }
    }
    optimizer.apply(model.allVariables, clip(tf, final, ctx.clipNorm), lr, { noDecay: ctx.noDecay });
  });
  return result!;
}

/**
 * The representation shortcut (MGDA-UB's): task gradients with respect to the shared representation, one
 * trunk backward of their combination. Null where the design has no clean cut between shared and task parts.
 */
function representationStep(ctx: StepContext, strategy: GradientStrategy, batches: StepBatch[], lr: number): StepResult | null {
  const { tf, model, optimizer } = ctx;
  let result: StepResult | null = null;
  let parts: ForwardParts | null = null;
  tf.tidy(() => {
    const rep = representationGradients(
      tf,
      () => {
        parts = forwardAll(ctx, batches, true);
        return { losses: parts.scaled, extras: readbackParts(tf, parts) };
      },
      model.sharedVariables,
      (i) => model.taskVariables[parts!.heads[i].key] ?? [],
      ({ gram, extras }) => {
        const p = parts as unknown as ForwardParts;
        const data = tf.concat([gram.reshape([-1]), extras!]).dataSync() as Float32Array;
        const t = parseReadback(data, p.heads.length, true, batches);
        const tasks = p.heads.map((h) => ctx.taskIndex.get(h.key)!);
        const scaled = t.raw.map((l, i) => l * (p.heads[i].lossWeight ?? 1));
        // the Gram matrix here is of representation gradients: not reported as parameter diagnostics
        result = { heads: p.heads, tasks, rawLosses: t.raw, scaledLosses: scaled, weights: [], predictions: t.predictions };
        if (!scaled.every(Number.isFinite)) return null;
        result.weights = coefficients(strategy, t.gram, scaled, t.labelled, tasks);
        return result.weights;
      },
    );
    if (!rep) {
      result = null;
      return;
    }
    if (rep.alpha) optimizer.apply(model.allVariables, clip(tf, rep.grads, ctx.clipNorm), lr, { noDecay: ctx.noDecay });
  });
  return result;
}

/** Gram matrix of the tasks' shared gradients on one batch per dataset, without updating (diagnostics). */
export function probeGram(ctx: StepContext, batches: StepBatch[]): { heads: HeadBinding[]; gram: number[][] } {
  let out: { heads: HeadBinding[]; gram: number[][] } = { heads: [], gram: [] };
  ctx.tf.tidy(() => {
    const t = perTaskGradients(ctx, batches, false);
    out = { heads: t.heads, gram: t.gram };
  });
  return out;
}

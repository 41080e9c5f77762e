// The fused masked loss (one kernel for a head's masked mean loss, labelled count and predictions, with its
// registered gradient) against the composed ops on the cpu backend: forward values and the logits' gradient,
// on wasm (relaxed and plain SIMD builds, fallback) and on cpu, for every loss.
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, relError, setup, tf, values } from './helpers.js';
import { headLoss, maskedMean, rowLosses, rowPredictions, type LossName } from '../../../electron/engine/train/losses.js';
import { maskedLossAvailable, registerMaskedLossKernels } from '../../../electron/engine/kernels/masked-loss.js';

type Kind = 'multiclass' | 'binary' | 'regression';
const head = (kind: Kind, loss: LossName, classes: number) =>
  ({ key: 't', loss, units: classes, spec: { kind, classes: kind === 'multiclass' ? Array.from({ length: classes }, (_, i) => String(i)) : undefined } }) as any;

function inputs(rows: number, cols: number, kind: Kind, seed: number) {
  const x = values(rows * cols, seed);
  for (let i = 0; i < x.length; i++) x[i] *= 4;
  const y = new Float32Array(rows);
  const mask = new Float32Array(rows);
  const r = values(rows, seed + 1);
  const m = values(rows, seed + 2);
  for (let i = 0; i < rows; i++) {
    mask[i] = m[i] > -0.5 ? 1 : 0; // about a quarter unlabelled
    y[i] = mask[i] === 0 ? 0 : kind === 'multiclass' ? Math.floor((r[i] + 1) / 2 * cols) : kind === 'binary' ? (r[i] > 0 ? 1 : 0) : r[i] * 3;
  }
  if (kind === 'multiclass') x[0] = x[1]; // a tie: the first maximum is the prediction
  return { x, y, mask };
}

function composed(h: any, loss: LossName, classes: number, x: tf.Tensor, y: tf.Tensor, mask: tf.Tensor): tf.Tensor[] {
  const f = (t: tf.Tensor) => maskedMean(tf as any, rowLosses(tf as any, loss, t as any, y as any, classes), mask as any) as tf.Scalar;
  return [f(x), tf.sum(mask), rowPredictions(tf as any, h, x as any), tf.grad(f)(x)];
}

function fused(h: any, x: tf.Tensor, y: tf.Tensor, mask: tf.Tensor): tf.Tensor[] {
  const r = headLoss(tf as any, h, x as any, y as any, mask as any);
  const dx = tf.grad((t: tf.Tensor) => headLoss(tf as any, h, t as any, y as any, mask as any).raw as tf.Scalar)(x);
  return [r.raw as tf.Tensor, r.labelled as tf.Tensor, r.preds as tf.Tensor, dx];
}

describe('fused masked loss matches the composed ops', () => {
  beforeAll(async () => {
    await setup();
    registerMaskedLossKernels();
  });
  const cases: [Kind, LossName, number, number[]][] = [
    ['multiclass', 'crossentropy', 10, [37, 10]],
    ['multiclass', 'crossentropy', 3, [5, 3]],
    ['binary', 'binary-crossentropy', 1, [37, 1]],
    ['binary', 'binary-crossentropy', 1, [37]],
    ['regression', 'mse', 1, [37, 1]],
    ['regression', 'mae', 1, [37]],
  ];
  for (const [i, [kind, loss, classes, shape]] of cases.entries()) {
    it(`${kind} ${loss} ${JSON.stringify(shape)}`, async () => {
      const { x, y, mask } = inputs(shape[0], classes, kind, 11 + i);
      const h = head(kind, loss, classes);
      await tf.setBackend('cpu');
      const ref = tf.tidy(() => composed(h, loss, classes, tf.tensor(x, shape), tf.tensor1d(y), tf.tensor1d(mask)).map((t) => t.dataSync().slice() as Float32Array));
      const r = await onBackends(() => {
        expect(maskedLossAvailable()).toBe(true);
        return fused(h, tf.tensor(x, shape), tf.tensor1d(y), tf.tensor1d(mask));
      });
      for (const got of [r.cpu, r.wasm, r.wasmPlain, r.wasmFallback]) {
        ref.forEach((want, k) => expect(relError(want, got[k]), `output ${k}`).toBeLessThan(1e-5));
      }
    });
  }

  it('cross-entropy rows whose class is out of range (or fractional) as the composed ops: no loss, no gradient', async () => {
    const h = head('multiclass', 'crossentropy', 3);
    const x = values(6 * 3, 7).map((v) => v * 3);
    const y = Float32Array.from([3, -1, 2.7, -0.5, 0, 1]);
    const mask = Float32Array.from([1, 1, 1, 1, 0, 1]);
    await tf.setBackend('cpu');
    const ref = tf.tidy(() => composed(h, 'crossentropy', 3, tf.tensor2d(x, [6, 3]), tf.tensor1d(y), tf.tensor1d(mask)).map((t) => t.dataSync().slice() as Float32Array));
    const r = await onBackends(() => fused(h, tf.tensor2d(x, [6, 3]), tf.tensor1d(y), tf.tensor1d(mask)));
    for (const got of [r.cpu, r.wasm, r.wasmPlain, r.wasmFallback]) {
      ref.forEach((want, k) => expect(relError(want, got[k]), `output ${k}`).toBeLessThan(1e-5));
    }
  });

  it('no labelled row: loss 0, gradient 0', async () => {
    const h = head('regression', 'mse', 1);
    const r = await onBackends(() => fused(h, tf.tensor1d([1, 2, 3]), tf.tensor1d([0, 0, 0]), tf.tensor1d([0, 0, 0])));
    for (const got of [r.cpu, r.wasm]) {
      expect(Array.from(got[0])).toEqual([0]);
      expect(Array.from(got[1])).toEqual([0]);
      expect(Array.from(got[3])).toEqual([0, 0, 0]);
    }
  });

  it('a shape the fused kernel does not take falls back to the composed ops', async () => {
    await tf.setBackend('cpu');
    tf.tidy(() => {
      const h = head('multiclass', 'crossentropy', 3);
      // logits wider than the class count: not the fused kernel's shape, composed (broadcast as before)
      const r = headLoss(tf as any, h, tf.tensor2d([[1, 2, 3]]) as any, tf.tensor1d([2]) as any, tf.tensor1d([1]) as any);
      expect(r.raw.dataSync()[0]).toBeCloseTo(-Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3))), 5);
    });
  });
});

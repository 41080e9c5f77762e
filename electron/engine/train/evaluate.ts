// Evaluation of one split of one dataset: forward passes in inference mode over all its rows, in batches,
// one readback per batch; per head the mean loss over labelled rows and the predictions for the metrics.
import type { HeadBinding } from '../model/types.js';
import type { BuiltModel } from '../model/types.js';
import type { Tensor, Tf } from './tf.js';
import type { DeviceDataset } from './data.js';
import { gatherBatch } from './data.js';
import { classCount, lossOf, rowLosses, rowPredictions } from './losses.js';

export interface HeadOutputs {
  lossSum: number;
  labelled: number;
  /** Per evaluated row: class index, positive-class probability or value (see rowPredictions). */
  predictions: Float32Array;
}

export async function evaluateRows(
  tf: Tf,
  model: BuiltModel,
  d: DeviceDataset,
  rows: Int32Array,
  batchSize: number,
  shouldStop: () => boolean,
): Promise<Record<string, HeadOutputs> | null> {
  const out: Record<string, HeadOutputs> = {};
  for (const h of d.heads) out[h.key] = { lossSum: 0, labelled: 0, predictions: new Float32Array(rows.length) };
  for (let start = 0; start < rows.length; start += batchSize) {
    if (shouldStop()) return null;
    const chunk = rows.subarray(start, Math.min(rows.length, start + batchSize));
    const data = tf.tidy(() => {
      const b = gatherBatch(tf, d, chunk);
      const outs = model.forward(d.id, b.inputs, false);
      const parts: Tensor[] = [];
      for (const h of d.heads) {
        const o = outputOf(outs, h);
        const rl = rowLosses(tf, lossOf(h), o, b.labels[h.key], classCount(h));
        parts.push(tf.stack([tf.sum(tf.mul(rl, b.masks[h.key])), tf.sum(b.masks[h.key])]), rowPredictions(tf, h, o));
      }
      return tf.concat(parts).dataSync() as Float32Array;
    });
    let off = 0;
    for (const h of d.heads) {
      const o = out[h.key];
      o.lossSum += data[off];
      o.labelled += data[off + 1];
      o.predictions.set(data.subarray(off + 2, off + 2 + chunk.length), start);
      off += 2 + chunk.length;
    }
    await new Promise((r) => setImmediate(r));
  }
  return out;
}

export function outputOf(outs: Record<string, Tensor>, h: HeadBinding): Tensor {
  const o = outs[h.key];
  if (!o) throw new Error(`The model's forward pass for dataset '${h.dataset}' returned no output for task '${h.key}'`);
  return o;
}

/** Labels of the given rows (NaN = missing) and the metric inputs for a head's predictions. */
export function metricInput(h: HeadBinding, labels: Float32Array, rows: ArrayLike<number>, predictions: Float32Array) {
  const y = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) y[i] = labels[rows[i]];
  if (h.spec.kind === 'binary') {
    const cls = new Float32Array(predictions.length);
    for (let i = 0; i < cls.length; i++) cls[i] = predictions[i] >= 0.5 ? 1 : 0;
    return { labels: y, predictions: cls, scores: predictions, numClasses: 2 };
  }
  return { labels: y, predictions, numClasses: h.spec.kind === 'multiclass' ? classCount(h) : undefined };
}

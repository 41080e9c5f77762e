// Per-task losses on a batch, masked where a row has no label (NaN in the dataset; the loop passes the
// labels with NaN replaced by 0 and a 0/1 mask beside them).
import type { HeadBinding } from '../model/types.js';
import { maskedLoss, maskedLossAvailable, registerMaskedLossKernels, type MaskedLossKind, type PredictionKind } from '../kernels/masked-loss.js';
import type { Scalar, Tensor, Tf } from './tf.js';

export type LossName = 'crossentropy' | 'binary-crossentropy' | 'mse' | 'mae';

const ALIASES: Record<string, LossName> = {
  crossentropy: 'crossentropy',
  'categorical-crossentropy': 'crossentropy',
  'softmax-crossentropy': 'crossentropy',
  'sparse-categorical-crossentropy': 'crossentropy',
  'binary-crossentropy': 'binary-crossentropy',
  bce: 'binary-crossentropy',
  mse: 'mse',
  'mean-squared-error': 'mse',
  mae: 'mae',
  'mean-absolute-error': 'mae',
};

/** The loss a head trains with: its own if set, else the task kind's default. */
export function lossOf(head: Pick<HeadBinding, 'loss' | 'spec' | 'key'>): LossName {
  if (head.loss) {
    const name = ALIASES[head.loss];
    if (!name) throw new Error(`Task '${head.key}': unknown loss '${head.loss}' (use crossentropy, binary-crossentropy, mse or mae)`);
    return name;
  }
  return head.spec.kind === 'multiclass' ? 'crossentropy' : head.spec.kind === 'binary' ? 'binary-crossentropy' : 'mse';
}

/**
 * Loss of each row: `out` is the head's output ([B, C] logits, or [B, 1] / [B] logit or value), `y` the
 * labels with missing ones set to 0 ([B]). Returns [B].
 */
export function rowLosses(tf: Tf, loss: LossName, out: Tensor, y: Tensor, classes: number): Tensor {
  if (loss === 'crossentropy') {
    const logits = out.rank === 2 ? out : out.reshape([out.shape[0], -1]);
    const oneHot = tf.oneHot(tf.cast(y, 'int32'), classes);
    return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1));
  }
  const x = out.rank === 1 ? out : out.reshape([-1]);
  if (loss === 'binary-crossentropy') {
    // log(1 + e^x) − x·y, written to stay finite for large |x|
    return tf.add(tf.sub(tf.relu(x), tf.mul(x, y)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
  }
  const d = tf.sub(x, y);
  return loss === 'mse' ? tf.square(d) : tf.abs(d);
}

/** Mean of the row losses over the rows that have a label (0 where none has); `count` = tf.sum(mask) if known. */
export function maskedMean(tf: Tf, rows: Tensor, mask: Tensor, count?: Tensor): Scalar {
  return tf.div(tf.sum(tf.mul(rows, mask)), tf.maximum(count ?? tf.sum(mask), 1)) as Scalar;
}

/**
 * What the metrics need from a head's output, one number per row: the predicted class index (multiclass),
 * the positive-class probability (binary), or the value (regression).
 */
export function rowPredictions(tf: Tf, head: Pick<HeadBinding, 'spec'>, out: Tensor): Tensor {
  if (head.spec.kind === 'multiclass') {
    const logits = out.rank === 2 ? out : out.reshape([out.shape[0], -1]);
    return tf.cast(tf.argMax(logits, 1), 'float32');
  }
  const x = out.rank === 1 ? out : out.reshape([-1]);
  return head.spec.kind === 'binary' ? tf.sigmoid(x) : x;
}

export function classCount(head: Pick<HeadBinding, 'spec' | 'units'>): number {
  return head.spec.classes?.length ?? head.units ?? 1;
}

const FUSED_LOSS: Record<LossName, MaskedLossKind> = { crossentropy: 'ce', 'binary-crossentropy': 'bce', mse: 'mse', mae: 'mae' };

/** The fused kernel's loss and prediction kinds for this head and output, or null where it does not apply. */
function fusedKinds(head: Pick<HeadBinding, 'spec'>, loss: LossName, out: Tensor, y: Tensor, mask: Tensor, classes: number):
  { loss: MaskedLossKind; pred: PredictionKind } | null {
  if (out.dtype !== 'float32' || y.dtype !== 'float32' || mask.dtype !== 'float32' || y.rank !== 1 || mask.rank !== 1) return null;
  const rows = y.shape[0];
  if (rows === 0 || mask.shape[0] !== rows || out.shape[0] !== rows) return null;
  const kind = head.spec.kind;
  if (loss === 'crossentropy') {
    return kind === 'multiclass' && out.rank === 2 && out.shape[1] === classes ? { loss: 'ce', pred: 'argmax' } : null;
  }
  if (kind === 'multiclass' || out.size !== rows || out.rank > 2) return null;
  return { loss: FUSED_LOSS[loss], pred: kind === 'binary' ? 'sigmoid' : 'identity' };
}

/**
 * A head's masked mean loss, its labelled-row count and its row predictions (see rowPredictions): one fused
 * kernel (one node on the gradient tape) where the backend has it (wasm, cpu), else the composed ops.
 */
export function headLoss(tf: Tf, head: Pick<HeadBinding, 'spec' | 'loss' | 'key' | 'units'>, out: Tensor, y: Tensor, mask: Tensor):
  { raw: Scalar; labelled: Scalar; preds: Tensor } {
  const loss = lossOf(head);
  const classes = classCount(head);
  registerMaskedLossKernels();
  const kinds = maskedLossAvailable() ? fusedKinds(head, loss, out, y, mask, classes) : null;
  if (kinds) {
    const [raw, labelled, preds] = maskedLoss(out, y, mask, kinds.loss, kinds.pred, classes);
    return { raw, labelled, preds };
  }
  const labelled = tf.sum(mask) as Scalar; // one count serves the mean and the readback
  const raw = maskedMean(tf, rowLosses(tf, loss, out, y, classes), mask, labelled);
  return { raw, labelled, preds: rowPredictions(tf, head, out) };
}
